def leaf(n):
    yield n
    raise ValueError(f"leaf {n} failed")


def middle(n):
    got = yield from leaf(n)
    return got


def top():
    yield "top"
    result = yield from middle(7)
    yield result


g = top()
print(next(g))
print(next(g))
print(next(g))
