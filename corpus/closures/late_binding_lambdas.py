late = [lambda: i for i in range(4)]
print("late:", [f() for f in late])
bound = [lambda i=i: i for i in range(4)]
print("default arg:", [f() for f in bound])


def make(i):
    return lambda: i


factory = [make(i) for i in range(4)]
print("factory:", [f() for f in factory])
