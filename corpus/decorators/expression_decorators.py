registry = []
pick = {"double": lambda f: lambda x: 2 * f(x)}


@lambda f: registry.append(f.__name__) or f
def one(x):
    return x


@pick["double"]
def two(x):
    return x + 1


print(registry, one(5), two(5), two.__name__)
