import asyncio


async def ok(v):
    await asyncio.sleep(0)
    return v


async def fails(msg):
    await asyncio.sleep(0)
    raise ValueError(msg)


async def main():
    try:
        await asyncio.gather(ok(1), fails("first"), ok(3))
    except ValueError as e:
        print("gather raised", repr(e))
    results = await asyncio.gather(ok(1), fails("kept"), ok(3), return_exceptions=True)
    print(results)


asyncio.run(main())
