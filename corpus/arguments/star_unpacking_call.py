def f(a, b, c, d=0, *rest, e=0, **kw):
    return (a, b, c, d, rest, e, kw)


print(f(*[1, 2], *(3,)))
print(f(1, *range(2, 7)))
print(f(*"ab", c=3, **{"e": 5, "z": 26}))
print(f(**{"a": 1, "b": 2, "c": 3}))
