def stats(values):
    return min(values), max(values), sum(values) / len(values)


result = stats([4, 8, 15, 16, 23, 42])
print(result, type(result).__name__)
lo, hi, mean = result
print(lo, hi, mean)
first, *rest = stats([1, 2])
print(first, rest)
