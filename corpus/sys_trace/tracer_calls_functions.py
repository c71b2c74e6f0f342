import sys

log = []


def helper(event):
    # Called from inside the tracer: not traced itself.
    log.append(event)
    return len(log)


def tracer(frame, event, arg):
    if frame.f_code.co_name in ("a", "b"):
        n = helper(event)
        print(n, event, frame.f_code.co_name)
        if event == "call" and frame.f_code.co_name == "b":
            print("  gettrace inside tracer is tracer:", sys.gettrace() is tracer)
    return tracer


def b():
    return 2


def a():
    return b() + 1


sys.settrace(tracer)
print("result", a())
sys.settrace(None)
print("helper ran", len(log), "times; last:", log[-1])
