import inspect


def layer(fn):
    def wrapper(*args):
        return fn(*args)
    return wrapper


@layer
@layer
def deep():
    return [(i.function, i.lineno) for i in inspect.stack()]


for name, line in deep():
    print(name, line)
