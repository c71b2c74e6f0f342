import asyncio


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    print(repr(fut))
    loop.call_later(0.05, fut.set_result, "late value")
    loop.call_soon(print, "soon 1")
    loop.call_soon(print, "soon 2")
    handle = loop.call_later(0.01, print, "cancelled timer")
    handle.cancel()
    loop.call_later(0.02, print, "timer 0.02")
    print("awaiting the future")
    print("got", await fut)
    print(repr(fut), fut.done())
    other = loop.create_future()
    other.set_exception(KeyError("k"))
    try:
        await other
    except KeyError as e:
        print("awaited exception", repr(e))
    print(loop.is_running(), loop.is_closed())


asyncio.run(main())
