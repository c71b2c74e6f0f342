import sys


def tracer(frame, event, arg):
    if frame.f_code.co_name == "victim" and event == "line":
        rel = frame.f_lineno - frame.f_code.co_firstlineno
        if rel == 2:
            frame.f_locals["x"] = 100
            print("tracer set x to 100")
    return tracer


def victim():
    x = 1
    y = x
    return x, y


print("untraced:", victim())
sys.settrace(tracer)
print("traced:", victim())
sys.settrace(None)


def no_trace():
    x = 1
    sys._getframe().f_locals["x"] = 100
    return x


print("without a tracer:", no_trace())
