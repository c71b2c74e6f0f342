import asyncio
import types


async def coro_fn():
    return 1


def gen_fn():
    yield 1


@types.coroutine
def legacy():
    yield


c = coro_fn()
g = gen_fn()
print(asyncio.iscoroutine(c), asyncio.iscoroutine(g), asyncio.iscoroutine(1))
print(asyncio.iscoroutinefunction(coro_fn), asyncio.iscoroutinefunction(gen_fn),
      asyncio.iscoroutinefunction(legacy), asyncio.iscoroutinefunction(print))
print(asyncio.run(c))
try:
    asyncio.create_task(coro_fn())
except RuntimeError as e:
    print("create_task outside a loop:", e)
