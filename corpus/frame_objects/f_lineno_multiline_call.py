import sys


def where():
    caller = sys._getframe(1)
    return caller.f_lineno - caller.f_code.co_firstlineno


def main():
    a = where()
    b = (
        1,
        where(),
    )
    c = max(
        0,
        where(),
        where()
        + 0,
    )
    print("a", a, "b", b[1], "c", c)
    results = [
        where() for _ in range(1)
    ]
    print("comprehension:", results)


main()
