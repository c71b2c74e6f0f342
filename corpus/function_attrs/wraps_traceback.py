import functools


def checked(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)

    return wrapper


@checked
def parse(text):
    return int(text)


@checked
def load(text):
    return parse(text) + 1


print(load("41"))
load("oops")
