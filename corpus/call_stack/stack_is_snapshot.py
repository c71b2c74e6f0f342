import inspect


def snap():
    return inspect.stack()[1]


def body():
    first = snap()
    x = 1
    second = snap()
    print("first lineno:", first.lineno)
    print("second lineno:", second.lineno)
    print("live frame lineno:", first.frame.f_lineno)


body()
