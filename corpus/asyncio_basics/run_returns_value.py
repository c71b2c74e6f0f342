import asyncio


async def compute(x):
    await asyncio.sleep(0)
    return x * x


async def main():
    a = await compute(3)
    b = await compute(4)
    return a + b


print(asyncio.run(main()))
print(asyncio.run(compute(5)))
