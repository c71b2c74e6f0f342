threshold = 5


def check(v):
    return v > threshold


print(check(7))
del threshold
print("deleted:", "threshold" not in globals())
print(check(7))
