import inspect


def f():
    for info in inspect.stack(0):
        print(info.function, info.lineno, info.code_context, info.index)


f()
