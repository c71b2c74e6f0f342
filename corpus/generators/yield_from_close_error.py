def inner():
    try:
        yield 1
    finally:
        print("inner finally raises")
        raise KeyError("from inner finally")


def outer():
    try:
        yield from inner()
    except KeyError as e:
        print("outer caught", repr(e))
        raise


g = outer()
next(g)
g.close()
