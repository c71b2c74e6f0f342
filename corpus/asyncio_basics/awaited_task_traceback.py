import asyncio


async def parse(text):
    await asyncio.sleep(0)
    return int(text)


async def worker(text):
    value = await parse(text)
    return value * 2


async def main():
    good = asyncio.create_task(worker("21"))
    bad = asyncio.create_task(worker("x"))
    print(await good)
    await bad


asyncio.run(main())
