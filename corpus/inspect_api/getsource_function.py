import inspect


def decorator(fn):
    return fn


@decorator
def sample(a, b=2):
    # inside
    return a + b


def outer():
    def nested():
        return 1

    return nested


print(inspect.getsource(sample), end="")
lines, start = inspect.getsourcelines(outer())
print("start:", start, "lines:", len(lines))
print("".join(lines), end="")
square = lambda x: x * x
print(inspect.getsource(square), end="")
print(inspect.getsource(outer.__code__).splitlines()[0])
