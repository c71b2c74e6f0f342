def inner():
    while True:
        try:
            x = yield
            print("inner got", x)
        except ValueError as e:
            print("inner handled", e)
            yield "recovered"


def outer():
    yield from inner()


g = outer()
next(g)
g.send(1)
g.send("two")
print(g.throw(ValueError("bad")))
g.send(3)
g.throw(KeyError("not handled"))
