import sys


def tracer(frame, event, arg):
    if event == "exception":
        exc_type, exc, tb = arg
        print("exception", frame.f_code.co_name, frame.f_lineno - frame.f_code.co_firstlineno,
              exc_type.__name__, exc, tb.tb_lineno - frame.f_code.co_firstlineno)
    elif event != "line":
        print(event, frame.f_code.co_name, arg)
    return tracer


def fails():
    return int("nope")


def catches():
    try:
        fails()
    except ValueError:
        return "handled"


sys.settrace(tracer)
catches()
sys.settrace(None)
