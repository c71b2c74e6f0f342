import sys


def dump_caller():
    f = sys._getframe(1)
    print(f"locals of {f.f_code.co_name}:")
    for name, value in sorted(f.f_locals.items()):
        print(f"  {name} = {value!r}")


def compute(a, b=10, *rest, flag=False):
    total = a + b + sum(rest)
    label = "sum"
    dump_caller()
    return total


compute(1, 2, 3, 4, flag=True)
compute(5)
