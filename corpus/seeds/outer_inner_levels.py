import inspect


def inner():
    return "done"


def outer():
    value = inner()
    print("inner returned:", value)
    return value.upper()


def level_two():
    for info in inspect.stack():
        print(f"  {info.function} (line {info.lineno})")
    return len(inspect.stack())


def level_one():
    return level_two()


print(outer())
print("depth at level_two:", level_one())
