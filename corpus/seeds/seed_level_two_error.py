import inspect


def level_two(registry):
    print("stack:", [f.function for f in inspect.stack()])
    return registry["level_three"]


def level_one():
    registry = {"level_two": level_two}
    return registry["level_two"](registry)


level_one()
