import asyncio


async def delayed(value, yields):
    for _ in range(yields):
        await asyncio.sleep(0)
    print("finishing", value)
    return value


async def main():
    results = await asyncio.gather(delayed("slow", 3), delayed("fast", 0), delayed("mid", 1))
    print(results)
    empty = await asyncio.gather()
    print(empty)


asyncio.run(main())
