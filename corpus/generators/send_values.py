def accumulate():
    total = 0
    while True:
        received = yield total
        print("received", received)
        if received is None:
            break
        total += received
    return total


g = accumulate()
print(g.send(None))
print(g.send(5))
print(g.send(7))
try:
    g.send(None)
except StopIteration as e:
    print("finished with", e.value, e.args)


def pair():
    a = yield
    b = yield
    yield a, b


p = pair()
next(p)
p.send("x")
print(p.send("y"))
