import inspect


def show():
    for info in inspect.stack():
        print(f"{info.function:>10} line {info.lineno}")


def run(n):
    if n == 0:
        show()
    else:
        run(n - 1)


run(2)
