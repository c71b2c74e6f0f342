import sys
import types


@types.coroutine
def pause():
    yield


async def probe():
    me = sys._getframe()
    print("running: f_back is", me.f_back.f_code.co_name, "| cr_frame is me:", coro.cr_frame is me)
    await pause()
    print("resumed: f_back is", me.f_back.f_code.co_name)


def first_driver():
    coro.send(None)


def second_driver():
    try:
        coro.send(None)
    except StopIteration:
        pass


coro = probe()
print("created:", coro.cr_frame.f_back, coro.cr_frame.f_lineno)
first_driver()
print("suspended:", coro.cr_frame.f_back, coro.cr_frame.f_lineno)
second_driver()
print("finished:", coro.cr_frame)
