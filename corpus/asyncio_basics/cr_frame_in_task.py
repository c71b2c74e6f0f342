import asyncio


async def child(parent_coro):
    print("parent cr_running while child runs:", parent_coro.cr_running)
    print("parent cr_frame.f_back while suspended:", parent_coro.cr_frame.f_back)
    print("parent cr_await is set:", parent_coro.cr_await is not None)
    await asyncio.sleep(0)
    return "child"


async def main():
    me = asyncio.current_task().get_coro()
    print("main cr_running:", me.cr_running, "| cr_await while running:", me.cr_await)
    t = asyncio.create_task(child(me))
    print(await t)
    print("main line:", me.cr_frame.f_lineno)


asyncio.run(main())
