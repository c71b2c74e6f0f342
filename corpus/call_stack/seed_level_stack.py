import inspect


def level_one():
    level_two()


def level_two():
    stack = inspect.stack()
    for frame in stack:
        print(frame.function)


level_one()
