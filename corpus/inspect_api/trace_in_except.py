import inspect


def fail():
    return [][1]


def middle():
    fail()


def handler():
    try:
        middle()
    except IndexError:
        for info in inspect.trace():
            print(info.function, info.lineno, info.code_context[0].strip(), info.index)
        print("stack depth:", len(inspect.stack()))


handler()
print("trace outside except:", inspect.trace())
