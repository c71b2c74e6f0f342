def ratios(values, divisor):
    return list(v / d for v, d in zip(values, divisor))


print(ratios([4, 9], [2, 3]))
print(ratios([1, 2, 3], [1, 0, 1]))
