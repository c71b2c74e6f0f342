import asyncio


async def worker(name, steps):
    for i in range(steps):
        print(name, "step", i)
        await asyncio.sleep(0)
    print(name, "done")
    return name


async def main():
    t1 = asyncio.create_task(worker("A", 3))
    t2 = asyncio.create_task(worker("B", 2))
    print("tasks created")
    r = [await t1, await t2]
    print("results", r)


asyncio.run(main())
