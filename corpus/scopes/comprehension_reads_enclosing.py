def scale(values, factor):
    result = [v * factor for v in values]
    code = scale.__code__
    print("scale cellvars:", code.co_cellvars)
    return result


print(scale([1, 2, 3], 10))


def nested():
    rows = [[1, 2], [3, 4]]
    flat = [cell for row in rows for cell in row]
    pairs = [(r, c) for r in range(2) for c in range(r, 2)]
    return flat, pairs


print(nested())
