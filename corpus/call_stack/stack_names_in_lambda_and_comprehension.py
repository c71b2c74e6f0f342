import inspect


def names():
    return [info.function for info in inspect.stack()]


def main():
    get = lambda: names()
    rows = [get() for _ in range(1)]
    print(rows[0])


main()
