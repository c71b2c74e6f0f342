import asyncio


async def boom():
    raise KeyError("lost")


async def main():
    t = asyncio.create_task(boom())
    await asyncio.sleep(0)
    print("task done:", t.done())
    print("exception:", repr(t.exception()))
    t2 = asyncio.create_task(boom())
    await asyncio.sleep(0)
    print("second task done:", t2.done())
    del t2


asyncio.run(main())
print("after run")
