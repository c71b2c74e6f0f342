import inspect


def add(a, b=10, *more, scale=1, **named):
    frame = inspect.currentframe()
    print("bound at entry:", sorted((k, v) for k, v in frame.f_locals.items() if k != "frame"))
    return (a + b + sum(more)) * scale


print(add(1))
print(add(1, 2, 3, scale=2, tag="t"))
