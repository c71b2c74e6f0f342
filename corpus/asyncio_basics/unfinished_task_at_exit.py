import asyncio


async def background():
    try:
        for i in range(5):
            print("background", i)
            await asyncio.sleep(0)
    except asyncio.CancelledError:
        print("background cancelled at shutdown")
        raise
    finally:
        print("background finally")


async def main():
    asyncio.create_task(background())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print("main returns")
    return "main done"


print(asyncio.run(main()))
