import inspect


def inner():
    print("inner stack:", [i.function for i in inspect.stack()])
    return "done"


def middle():
    value = inner()
    print("middle stack:", [i.function for i in inspect.stack()])
    return value + "!"


def outer():
    return middle()


print(outer())
