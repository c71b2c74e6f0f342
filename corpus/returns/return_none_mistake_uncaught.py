def double_all(values):
    result = [v * 2 for v in values]


def total(values):
    doubled = double_all(values)
    return sum(doubled)


print(total([1, 2, 3]))
