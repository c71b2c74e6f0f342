import asyncio
import inspect


def own_frames():
    return [(f.function, f.lineno) for f in inspect.stack() if f.filename == __file__]


async def child(tag):
    print(tag, "first step:", own_frames())
    await asyncio.sleep(0)
    print(tag, "second step:", own_frames())
    return tag


async def main():
    print("main:", own_frames())
    t = asyncio.create_task(child("task"))
    await child("awaited")
    await t
    me = asyncio.current_task()
    print("current task coro frame is running:", me.get_coro().cr_frame.f_code.co_name)


asyncio.run(main())
