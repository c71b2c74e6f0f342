import asyncio


async def child(name):
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise
    return name


async def main():
    g = asyncio.gather(child("a"), child("b"))
    await asyncio.sleep(0)
    print("cancel gather:", g.cancel())
    try:
        await g
    except asyncio.CancelledError:
        print("gather raised CancelledError")
    print(g.cancelled(), g.done())
    r = await asyncio.gather(child("c"), asyncio.sleep(0.5, "slept"), return_exceptions=True)
    print(r)


asyncio.run(main())
