def plain(fn):
    def wrapper(*args):
        return fn(*args)
    return wrapper


def preserving(fn):
    def wrapper(*args):
        return fn(*args)
    wrapper.__name__ = fn.__name__
    wrapper.__qualname__ = fn.__qualname__
    wrapper.__doc__ = fn.__doc__
    wrapper.wrapped = fn
    return wrapper


@plain
def alpha():
    "alpha docs"


@preserving
def beta():
    "beta docs"


print(alpha.__name__, alpha.__qualname__, alpha.__doc__)
print(beta.__name__, beta.__qualname__, beta.__doc__)
print("code name still:", beta.__code__.co_name)
print("wrapped:", beta.wrapped.__qualname__)
