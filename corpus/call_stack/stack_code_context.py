import inspect


def innermost():
    stack = inspect.stack()
    for info in stack:
        print(info.function, info.index, repr(info.code_context[0]))


def middle():
    value = innermost()
    return value


middle()
