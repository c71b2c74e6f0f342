import inspect


def chain():
    frame = inspect.currentframe()
    depth = 0
    while frame is not None:
        print("  " * depth + f"{frame.f_code.co_name}:{frame.f_lineno}")
        frame = frame.f_back
        depth += 1
    print("frames walked:", depth)


def c():
    chain()


def b():
    c()


def a():
    b()


a()
