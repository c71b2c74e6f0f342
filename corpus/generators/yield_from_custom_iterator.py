class Echo:
    """An iterator with send/throw/close, driven through yield from."""

    def __init__(self, limit):
        self.n = 0
        self.limit = limit

    def __iter__(self):
        return self

    def __next__(self):
        return self.send(None)

    def send(self, value):
        self.n += 1
        if self.n > self.limit:
            raise StopIteration(f"echo done after {self.limit}")
        return ("echo", self.n, value)

    def throw(self, exc):
        print("Echo.throw got", repr(exc))
        return ("recovered", self.n)

    def close(self):
        print("Echo.close")


def delegate(limit):
    result = yield from Echo(limit)
    print("delegate got", result)
    return result


g = delegate(3)
print(next(g))
print(g.send("a"))
print(g.throw(ValueError("v")))
print(g.send("b"))
try:
    g.send("c")
except StopIteration as e:
    print("stop", e.value)

h = delegate(5)
next(h)
h.close()
print("closed", h.gi_frame)
