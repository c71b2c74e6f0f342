import sys


def tracer(frame, event, arg):
    print(event, frame.f_code.co_name, frame.f_lineno - frame.f_code.co_firstlineno)
    if event == "call" and frame.f_code.co_name == "quiet":
        frame.f_trace_lines = False
    return tracer


def quiet():
    x = 1
    y = 2
    return x + y


def loud():
    x = 1
    return x


sys.settrace(tracer)
quiet()
loud()
sys.settrace(None)
