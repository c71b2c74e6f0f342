import inspect


def check(value):
    info = inspect.stack()[1]
    print("checked by", info.function, "at line", info.lineno)
    if value < 0:
        raise ValueError("negative from " + info.function)
    return value


def consumer():
    check(1)
    return check(-1)


consumer()
