def hello():
    return "hello"


def bye():
    return "bye"


print(hello(), bye())
hello.__code__ = bye.__code__
print(hello(), hello.__name__, hello.__code__.co_name)
