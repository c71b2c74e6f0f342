import sys


def f():
    frame = sys._getframe()
    print("line offset:", frame.f_lineno - frame.f_code.co_firstlineno)
    frame.f_lineno = 3
    print("unreachable")


f()
