def deep(n):
    return 0 if n == 0 else 1 + deep(n - 1)


def bad(n):
    return bad(n + 1)


print(deep(900))
try:
    bad(0)
except RecursionError:
    print("overflow caught")
print(deep(900))
try:
    bad(0)
except RecursionError:
    print("overflow caught again")
print(deep(950))
