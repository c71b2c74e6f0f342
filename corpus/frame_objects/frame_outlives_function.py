import sys


def compute(n):
    total = 0
    for i in range(n):
        total += i
    label = "done"
    return sys._getframe()


frame = compute(4)
print("code:", frame.f_code.co_name)
print("final locals:", sorted(frame.f_locals.items()))
print("lineno after return:", frame.f_lineno - frame.f_code.co_firstlineno)
print("f_back after return:", frame.f_back.f_code.co_name)
