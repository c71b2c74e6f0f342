def announce(fn):
    def wrapper(*args, **kwargs):
        print("before", fn.__name__, args, kwargs)
        result = fn(*args, **kwargs)
        print("after", fn.__name__, "->", result)
        return result
    return wrapper


@announce
def add(a, b=0):
    return a + b


print(add(2, b=3))
print(add.__name__)
