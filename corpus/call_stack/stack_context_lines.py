import inspect


def where():
    stack = inspect.stack(context=3)
    info = stack[1]
    print("function:", info.function, "line:", info.lineno, "index:", info.index)
    for i, line in enumerate(info.code_context):
        mark = ">" if i == info.index else " "
        print(mark, line[:-1])


def caller():
    a = 1
    where()
    b = 2
    return a + b


caller()
