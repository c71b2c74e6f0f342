import sys


def names(frame):
    out = []
    while frame is not None:
        out.append(frame.f_code.co_name)
        frame = frame.f_back
    return out


def inner():
    print("inner running:", names(sys._getframe()))
    try:
        yield 1
    except KeyError:
        print("inner handling throw:", names(sys._getframe()))
        yield 2
    print("inner resumed:", names(sys._getframe()))


def outer():
    yield from inner()


def driver(g):
    return next(g)


g = outer()
print(driver(g))
print("suspended f_back:", g.gi_frame.f_back, g.gi_yieldfrom.gi_frame.f_back)
print(g.throw(KeyError("k")))
try:
    next(g)
except StopIteration:
    print("finished", g.gi_frame, g.gi_yieldfrom)
