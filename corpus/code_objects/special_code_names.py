import sys


def here():
    c = sys._getframe(1).f_code
    return c.co_name, c.co_qualname


def main():
    print((lambda: here())())
    print([here() for _ in "x"][0])
    print({here() for _ in "x"})
    print({k: here() for k in "x"}["x"])
    print(next(here() for _ in "x"))


main()
print([here() for _ in "x"][0])
