import sys


def tracer(frame, event, arg):
    if event == "line" and frame.f_code.co_name == "work":
        raise RuntimeError("tracer failed at line offset " + str(frame.f_lineno - frame.f_code.co_firstlineno))
    return tracer


def work():
    x = 1
    return x


sys.settrace(tracer)
try:
    work()
except RuntimeError as e:
    print("caught:", e)
print("tracer after failure:", sys.gettrace())
sys.settrace(tracer)
work()
