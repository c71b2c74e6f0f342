# The default unraisable hook (write_unraisable_exc_file) prints the exception's own traceback
# only: no __context__/__cause__ chain, no "Did you mean", and ": " even before an empty
# message.
class A:
    def __del__(self):
        raise ValueError


a = A()
del a


class B:
    def __del__(self):
        undefined_nam


undefined_name = 1
b = B()
del b


def gen():
    try:
        yield 1
    finally:
        raise KeyError from ValueError(3)


g = gen()
next(g)
del g


def gen2():
    try:
        yield 1
    finally:
        undefined_nam


def f():
    g = gen2()
    next(g)
    raise ValueError("v")


try:
    f()
except ValueError:
    pass

try:
    raise KeyError(1)
except KeyError:
    g = gen2()
    next(g)
    del g
print("done")
