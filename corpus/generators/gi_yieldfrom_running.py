def inner():
    print("outer running:", g.gi_running, "yieldfrom while running:", g.gi_yieldfrom)
    yield "x"
    return "r"


def outer():
    r = yield from inner()
    yield r


g = outer()
print("before start:", g.gi_yieldfrom)
print(next(g))
print("suspended in delegate:", g.gi_yieldfrom.__qualname__, g.gi_yieldfrom.gi_running)
print(next(g))
print("after delegate returned:", g.gi_yieldfrom)
g.close()
print("closed:", g.gi_yieldfrom, g.gi_frame)
