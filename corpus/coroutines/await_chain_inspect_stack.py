import inspect
import types


@types.coroutine
def pause():
    yield "paused"


async def leaf():
    here = [f.function for f in inspect.stack()]
    print("leaf sees:", here)
    await pause()
    print("leaf resumed sees:", [f.function for f in inspect.stack()])
    return "done"


async def middle():
    return await leaf()


async def top():
    return await middle()


def drive(c):
    return c.send(None)


c = top()
print(drive(c))
try:
    c.send(None)
except StopIteration as e:
    print("result:", e.value)
