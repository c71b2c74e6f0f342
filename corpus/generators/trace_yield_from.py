import sys


class Countdown:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.n == 0:
            raise StopIteration("countdown done")
        self.n -= 1
        return self.n


def inner():
    x = yield 1
    return x


def outer():
    r = yield from inner()
    s = yield from Countdown(1)
    t = yield from [7]
    return r, s, t


def tracer(frame, event, arg):
    if frame.f_code.co_filename == __file__ and frame.f_code.co_name != "__next__":
        shown = "" if event == "call" else (arg[1] if event == "exception" else arg)
        print(event, frame.f_code.co_name, frame.f_lineno, repr(shown))
    return tracer


sys.settrace(tracer)
g = outer()
next(g)
g.send(5)
next(g)
try:
    next(g)
except StopIteration as e:
    v = e.value
sys.settrace(None)
print(v)
