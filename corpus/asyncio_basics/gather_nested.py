import asyncio


async def value(v, steps):
    for _ in range(steps):
        await asyncio.sleep(0)
    print("value", v)
    return v


async def main():
    inner1 = asyncio.gather(value("a", 2), value("b", 0))
    inner2 = asyncio.gather(value("c", 1))
    outer = await asyncio.gather(inner1, inner2, value("d", 3))
    print(outer)
    same = value("x", 0)
    print(await asyncio.gather(same, same))


asyncio.run(main())
