import inspect

NAMES = ["CO_OPTIMIZED", "CO_NEWLOCALS", "CO_VARARGS", "CO_VARKEYWORDS",
         "CO_NESTED", "CO_GENERATOR", "CO_NOFREE", "CO_COROUTINE",
         "CO_ITERABLE_COROUTINE", "CO_ASYNC_GENERATOR"]


def show(label, code):
    bits = [n for n in NAMES if code.co_flags & getattr(inspect, n)]
    print(label.ljust(10), bits)


def plain(a):
    return a


def star(*a, **k):
    return a, k


def gen():
    yield 1


async def coro():
    return 1


async def agen():
    yield 1


def outer():
    x = 1

    def nested():
        return x

    return nested


show("plain", plain.__code__)
show("star", star.__code__)
show("gen", gen.__code__)
show("coro", coro.__code__)
show("agen", agen.__code__)
show("nested", outer().__code__)
show("lambda", (lambda: 0).__code__)
show("module", compile("x = 1", "m", "exec"))
