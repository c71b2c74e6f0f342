import asyncio


async def child(tag):
    t = asyncio.current_task()
    print(tag, t.get_name())
    return tag


async def main():
    print("main", asyncio.current_task().get_name())
    t = asyncio.create_task(child("auto"))
    named = asyncio.create_task(child("named"), name="worker-x")
    await t
    await named
    print(t.get_name(), named.get_name())
    named.set_name("renamed")
    print(named.get_name())
    print(asyncio.current_task().get_coro().__qualname__)


asyncio.run(main())
print(asyncio.run(child("second run")))
