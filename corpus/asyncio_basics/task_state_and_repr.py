import asyncio


async def work():
    await asyncio.sleep(0)
    return 7


async def main():
    t = asyncio.create_task(work(), name="w")
    print(t.done())
    print(repr(t).split(" coro=")[0])
    result = await t
    print(t.done(), t.cancelled(), t.result(), result)
    print(repr(t))
    print(t.exception())


asyncio.run(main())
