import sys


def line_tracer(frame, event, arg):
    print("  local", event, frame.f_code.co_name, frame.f_lineno - frame.f_code.co_firstlineno)
    return line_tracer


def global_tracer(frame, event, arg):
    print("global", event, frame.f_code.co_name)
    if frame.f_code.co_name == "watched":
        return line_tracer
    return None


def ignored():
    a = 1
    return a


def watched():
    b = ignored()
    return b + 1


sys.settrace(global_tracer)
watched()
sys.settrace(None)
