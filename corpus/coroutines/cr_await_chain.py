import types


@types.coroutine
def suspend():
    yield "suspended"


async def leaf():
    await suspend()
    return "leaf"


async def middle():
    return await leaf()


async def top():
    return await middle()


c = top()
print(c.cr_await)
print(c.send(None))
chain = []
obj = c
while obj is not None:
    chain.append(getattr(obj, "__qualname__", type(obj).__name__))
    obj = getattr(obj, "cr_await", None) or getattr(obj, "gi_yieldfrom", None)
print(chain)
print(c.cr_frame.f_lineno, c.cr_await.cr_frame.f_lineno)
print(c.cr_frame.f_back)
try:
    c.send(None)
except StopIteration as e:
    print("value", e.value)
print(c.cr_await, c.cr_frame)
