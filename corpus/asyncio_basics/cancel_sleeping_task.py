import asyncio


async def sleepy():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        print("sleepy cancelled with args", e.args)
        raise
    finally:
        print("sleepy finally")


async def main():
    t = asyncio.create_task(sleepy(), name="sleepy")
    await asyncio.sleep(0)
    print("state before:", t.done(), t.cancelled())
    print("cancel:", t.cancel("stop now"))
    print("cancel again:", t.cancel())
    try:
        await t
    except asyncio.CancelledError as e:
        print("main caught", type(e).__name__, e.args)
    print("state after:", t.done(), t.cancelled())
    try:
        t.result()
    except asyncio.CancelledError as e:
        print("result() raises", e.args)
    print(issubclass(asyncio.CancelledError, BaseException), issubclass(asyncio.CancelledError, Exception))


asyncio.run(main())
