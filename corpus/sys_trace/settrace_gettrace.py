import sys


def tracer(frame, event, arg):
    return None


print("initial:", sys.gettrace())
sys.settrace(tracer)
print("set:", sys.gettrace() is tracer)


def f():
    return sys._getframe().f_trace


print("f_trace of a frame whose tracer returned None:", f())
sys.settrace(None)
print("after reset:", sys.gettrace())
sys.settrace()
