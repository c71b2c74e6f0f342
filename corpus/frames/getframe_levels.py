import sys


def report():
    for n in range(4):
        f = sys._getframe(n)
        print(f"_getframe({n}) -> {f.f_code.co_name} at line {f.f_lineno}")


def middle():
    report()


def top():
    middle()


top()
