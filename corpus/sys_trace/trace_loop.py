import sys


def depth(frame):
    n = 0
    while frame is not None:
        n += 1
        frame = frame.f_back
    return n


BASE = depth(sys._getframe())


def tracer(frame, event, arg):
    rel = frame.f_lineno - frame.f_code.co_firstlineno
    print(event.ljust(6), frame.f_code.co_name, rel, depth(frame) - BASE, repr(arg) if event == "return" else "")
    return tracer


def loop(n):
    total = 0
    for i in range(n):
        total += i
    return total


sys.settrace(tracer)
loop(2)
sys.settrace(None)
print("done")
