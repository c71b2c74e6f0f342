import asyncio


async def inner():
    return "inner"


async def main():
    try:
        asyncio.run(inner())
    except RuntimeError as e:
        print("error:", e)
    return await inner()


print(asyncio.run(main()))
try:
    asyncio.run(42)
except ValueError as e:
    print("not a coroutine:", e)
