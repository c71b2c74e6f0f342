import asyncio


async def produce():
    print("produce runs once")
    await asyncio.sleep(0)
    return "value"


async def main():
    t = asyncio.create_task(produce())
    print(await t)
    print(await t)
    coro = produce()
    print(await coro)
    await coro


asyncio.run(main())
