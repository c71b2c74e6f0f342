def add(a, b):
    return a + b


def nothing():
    pass


print(list(add.__code__.co_lines()))
print(list(nothing.__code__.co_lines()))
print(len(add.__code__.co_code))
