data = [3, 8, 1, 9, 4]
big = [last := v for v in data if v > 2]
print("big:", big, "last:", last)


def first_over(limit, values):
    if any((hit := v) > limit for v in values):
        return hit
    return None


print("first over 5:", first_over(5, data))
print("first over 50:", first_over(50, data))


def running_totals(values):
    total = 0
    sums = [total := total + v for v in values]
    return sums, total


print(running_totals([1, 2, 3, 4]))
