import asyncio


async def ok(n):
    await asyncio.sleep(0)
    print("ok", n, "finished")
    return n


async def bad():
    await asyncio.sleep(0)
    raise LookupError("bad child")


async def main():
    results = await asyncio.gather(ok(1), bad(), ok(2))
    print("not reached", results)


asyncio.run(main())
