def inner():
    try:
        yield 1
        yield 2
    finally:
        print("inner finally")


def outer():
    try:
        yield from inner()
    finally:
        print("outer finally")


g = outer()
print(next(g))
g.close()
print("closed", g.gi_frame)
g.close()
print(list(g))
