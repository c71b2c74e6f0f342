import sys


def tracer(frame, event, arg):
    if frame.f_code.co_name == "worker":
        rel = frame.f_lineno - frame.f_code.co_firstlineno
        print(f"  {event:9} {rel} {arg!r}" if event != "exception" else f"  {event:9} {rel} {arg[0].__name__}")
    return tracer


def worker():
    total = 0
    while True:
        try:
            value = yield total
        except ValueError:
            value = 100
        if value is None:
            return total
        total += value


sys.settrace(tracer)
g = worker()
print("start", next(g))
print("send", g.send(5))
print("throw", g.throw(ValueError))
try:
    g.send(None)
except StopIteration as e:
    print("stopped", e.value)
h = worker()
next(h)
h.close()
print("closed")
sys.settrace(None)
