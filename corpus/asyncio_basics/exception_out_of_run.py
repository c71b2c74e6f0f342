import asyncio


async def validate(n):
    await asyncio.sleep(0)
    if n < 0:
        raise ValueError(f"negative: {n}")
    return n


async def main():
    print(await validate(1))
    await validate(-5)


asyncio.run(main())
