import sys


def tracer(frame, event, arg):
    if event == "call":
        print("call", frame.f_code.co_name, frame.f_locals.get("n"))
    return None


def down(n):
    if n == 0:
        return 0
    return down(n - 1)


sys.setrecursionlimit(30)
sys.settrace(tracer)
print(down(3))
sys.settrace(None)
down(100)
