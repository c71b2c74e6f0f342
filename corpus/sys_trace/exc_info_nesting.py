import sys


def show(label):
    info = sys.exc_info()
    exc = sys.exception()
    name = None if info[0] is None else info[0].__name__
    print(label, name, exc, info[1] is exc)


show("outside:")
try:
    raise KeyError("outer")
except KeyError:
    show("outer handler:")
    try:
        raise ValueError("inner")
    except ValueError:
        show("inner handler:")
    show("back in outer:")
show("after:")


def gen():
    try:
        raise TypeError("in gen")
    except TypeError:
        yield
        show("gen resumed:")


g = gen()
next(g)
show("between:")
next(g, None)
