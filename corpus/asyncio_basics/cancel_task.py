import asyncio


async def forever():
    try:
        while True:
            await asyncio.sleep(0)
    except asyncio.CancelledError:
        print("forever saw CancelledError")
        raise
    finally:
        print("forever cleanup")


async def main():
    t = asyncio.create_task(forever())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print("cancel() ->", t.cancel())
    try:
        await t
    except asyncio.CancelledError:
        print("main caught CancelledError")
    print(t.cancelled(), t.done())


asyncio.run(main())
