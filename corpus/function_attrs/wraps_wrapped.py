import functools


def logged(fn):
    @functools.wraps(fn)
    def wrapper(*args):
        print("calling", fn.__name__)
        return fn(*args)

    return wrapper


@logged
def double(x):
    "Double x."
    return x * 2


print(double.__name__, double.__qualname__, double.__doc__)
print("wrapped is original:", double.__wrapped__.__code__.co_name)
print("code name:", double.__code__.co_name)
print("dict keys:", sorted(double.__dict__))
print(double(4))
