import sys


def nth_caller_name(n):
    f = sys._getframe()
    for _ in range(n):
        f = f.f_back
    return f.f_code.co_name


def helper():
    for n in range(5):
        print(n, nth_caller_name(n))


helper()
