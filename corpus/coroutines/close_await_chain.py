import types


@types.coroutine
def wait():
    try:
        yield "waiting"
    finally:
        print("wait cleanup")


async def level(n):
    try:
        if n == 0:
            await wait()
        else:
            await level(n - 1)
    finally:
        print("level", n, "cleanup")


c = level(2)
print(c.send(None))
print("cr_await chain:", c.cr_await.__qualname__, c.cr_await.cr_await.__qualname__)
c.close()
print("after close:", c.cr_frame, c.cr_await)
try:
    c.send(None)
except RuntimeError as e:
    print("send after close:", e)
