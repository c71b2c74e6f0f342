import inspect
import sys


def plain():
    pass


def gen():
    yield


async def coro():
    pass


g = gen()
c = coro()
frame = sys._getframe()
objects = [("plain", plain), ("gen fn", gen), ("coro fn", coro), ("generator", g),
           ("coroutine", c), ("frame", frame), ("code", plain.__code__), ("builtin", len),
           ("module", sys), ("lambda", lambda: 0)]
preds = ["isfunction", "isgeneratorfunction", "iscoroutinefunction", "isgenerator",
         "iscoroutine", "isawaitable", "isframe", "iscode", "isbuiltin", "ismodule", "isroutine"]
for label, obj in objects:
    hits = [p[2:] for p in preds if getattr(inspect, p)(obj)]
    print(label.ljust(10), hits)
c.close()
