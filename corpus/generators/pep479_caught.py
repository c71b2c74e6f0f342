def gen():
    yield 1
    raise StopIteration("explicit")


g = gen()
print(next(g))
try:
    next(g)
except RuntimeError as e:
    print(type(e).__name__, e)
    print("cause:", repr(e.__cause__))
    print("suppress:", e.__suppress_context__)
print(g.gi_frame)


def returns():
    yield 1
    return 42


try:
    for _ in returns():
        pass
    print("loop ok")
    x = returns()
    next(x)
    next(x)
except StopIteration as e:
    print("StopIteration value", e.value)
