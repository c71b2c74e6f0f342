import asyncio


def on_done(fut):
    print("on_done", fut.result())


async def waiter(fut):
    return await fut


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    fut.add_done_callback(on_done)
    t = asyncio.create_task(waiter(fut), name="waiter")
    await asyncio.sleep(0)
    print(repr(fut).replace(__file__, "FILE"))
    print(repr(t).replace(__file__, "FILE"))
    t2 = asyncio.create_task(waiter(t), name="waiter2")
    await asyncio.sleep(0)
    print(repr(t2).replace(__file__, "FILE"))
    fut.set_result("ok")
    print(await t2)


asyncio.run(main())
