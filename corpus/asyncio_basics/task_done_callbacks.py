import asyncio


async def work(n):
    await asyncio.sleep(0)
    return n * 10


def make_cb(label):
    def cb(fut):
        print("callback", label, fut.result())
    return cb


async def main():
    t = asyncio.create_task(work(1))
    t.add_done_callback(make_cb("first"))
    t.add_done_callback(make_cb("second"))
    print("awaiting")
    print("await ->", await t)
    print("after await")
    t.add_done_callback(make_cb("late"))
    await asyncio.sleep(0)
    print("end of main")


asyncio.run(main())
