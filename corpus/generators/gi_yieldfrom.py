def inner():
    yield "a"
    yield "b"
    return "inner-result"


def outer():
    yield "start"
    r = yield from inner()
    yield r


g = outer()
print(next(g), g.gi_yieldfrom)
print(next(g), g.gi_yieldfrom)
print(next(g), g.gi_yieldfrom.__name__)
print(next(g), g.gi_yieldfrom)
print(list(g), g.gi_yieldfrom)
