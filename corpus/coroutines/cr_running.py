import sys
import types


@types.coroutine
def yield_once():
    yield


async def probe():
    print("inside running:", me.cr_running)
    print("caller:", sys._getframe().f_back.f_code.co_name)
    await yield_once()
    print("resumed running:", me.cr_running)


me = probe()
print("created running:", me.cr_running)


def driver():
    me.send(None)


driver()
print("suspended running:", me.cr_running)
try:
    me.send(None)
except StopIteration:
    print("finished running:", me.cr_running)
