def one():
    yield 1
    return "ret"


g = one()
print(next(g))
try:
    next(g)
except StopIteration as e:
    print("value:", e.value)
print(next(g, "default"))
print(list(g))
next(g)
