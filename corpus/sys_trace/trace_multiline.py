import sys


def tracer(frame, event, arg):
    if frame.f_code.co_name == "target":
        print(event, frame.f_lineno - frame.f_code.co_firstlineno)
    return tracer


def pair(a, b):
    return a + b


def target():
    x = pair(
        1,
        2,
    )
    y = [
        x,
        x + 1,
    ]
    return (x
            + len(y))


sys.settrace(tracer)
result = target()
sys.settrace(None)
print("result:", result)
