import sys
import types


@types.coroutine
def pause(v):
    got = yield v
    return got


async def child():
    a = await pause("first")
    return a * 2


async def parent():
    r = await child()
    return r + 1


def tracer(frame, event, arg):
    if frame.f_code.co_filename == __file__:
        shown = "" if event == "call" else (arg[1] if event == "exception" else arg)
        print(event, frame.f_code.co_name, frame.f_lineno, repr(shown))
    return tracer


c = parent()
sys.settrace(tracer)
print("yielded", c.send(None))
try:
    c.send(20)
except StopIteration as e:
    result = e.value
sys.settrace(None)
print(result)
