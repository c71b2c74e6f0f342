import types


@types.coroutine
def pause(tag):
    got = yield tag
    return got


class Session:
    async def __aenter__(self):
        print("aenter")
        await pause("entering")
        return "session"

    async def __aexit__(self, et, ev, tb):
        print("aexit", et.__name__ if et else None)
        await pause("exiting")
        return et is KeyError


async def main():
    async with Session() as s:
        print("inside", s)
    async with Session():
        raise KeyError("suppressed")
    async with Session():
        raise ValueError("escapes")


coro = main()
try:
    while True:
        print("yielded", coro.send(None))
except StopIteration:
    pass
