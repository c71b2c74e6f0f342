import sys


def tracer(frame, event, arg):
    if frame.f_code.co_name == "counter":
        rel = frame.f_lineno - frame.f_code.co_firstlineno
        print(event, rel, repr(arg))
    return tracer


def counter(n):
    i = 0
    while i < n:
        yield i
        i += 1


sys.settrace(tracer)
for value in counter(2):
    print("got", value)
sys.settrace(None)
