import types


async def coro():
    return 1


def plain():
    yield from coro()


@types.coroutine
def iterable_coro():
    r = yield from coro()
    return r


g = plain()
try:
    next(g)
except TypeError as e:
    print("plain:", e)

c = iterable_coro()
try:
    c.send(None)
except StopIteration as e:
    print("types.coroutine:", e.value)


def bad_iterable():
    yield from 42


next(bad_iterable())
