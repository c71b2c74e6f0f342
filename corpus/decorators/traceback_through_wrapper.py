def trace(fn):
    def wrapper(*args):
        print("->", fn.__name__, args)
        return fn(*args)
    return wrapper


@trace
def ratio(a, b):
    return a / b


@trace
def summary(a, b):
    return f"ratio {ratio(a, b)}"


print(summary(1, 4))
print(summary(1, 0))
