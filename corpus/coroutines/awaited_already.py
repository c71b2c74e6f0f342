import types


@types.coroutine
def pause():
    yield "pause"


async def shared():
    await pause()
    return "shared result"


async def waiter(c):
    return await c


s = shared()
w1 = waiter(s)
print(w1.send(None))
w2 = waiter(s)
try:
    w2.send(None)
except RuntimeError as e:
    print("second waiter:", e)
try:
    w1.send(None)
except StopIteration as e:
    print("first waiter:", e.value)
w3 = waiter(s)
w3.send(None)
