import sys


def trace_lines():
    f = sys._getframe()
    print("a", f.f_lineno)
    total = 0
    for i in range(2):
        total += i
        print("b", f.f_lineno, i)
    print("c",
          f.f_lineno)
    return total


trace_lines()
