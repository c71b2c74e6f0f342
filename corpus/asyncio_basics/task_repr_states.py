import asyncio


async def fails():
    await asyncio.sleep(0)
    raise ValueError("nope")


async def slow():
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    return "slow"


async def main():
    t1 = asyncio.create_task(fails())
    t2 = asyncio.create_task(slow(), name="slow-task")
    print(repr(t1))
    await asyncio.sleep(0)
    print(repr(t2))
    await asyncio.sleep(0)
    print(repr(t1))
    print(t1.exception())
    print(await t2, repr(t2))


asyncio.run(main())
