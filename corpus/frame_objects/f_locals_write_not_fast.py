import sys


def f():
    x = 1
    frame = sys._getframe()
    d = frame.f_locals
    d["x"] = 99
    d["extra"] = 5
    print("x after writing the dict:", x)
    print("dict before refresh:", d["x"])
    again = frame.f_locals
    print("same dict object:", again is d)
    print("dict after refresh:", again["x"])
    print("extra key survives refresh:", again.get("extra"))
    return x


print("returned:", f())
