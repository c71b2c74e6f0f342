import sys


def names():
    f = sys._getframe(1)
    return f.f_code.co_name, f.f_code.co_qualname, f.f_back.f_code.co_name


def compute():
    g = (names() for _ in range(1))
    print(g.__name__, g.__qualname__)
    print(g.gi_code.co_varnames, g.gi_code.co_argcount)
    return list(g)


print(compute())
top = (x for x in [1])
print(top.__qualname__, top.gi_frame.f_locals)
print(top)
