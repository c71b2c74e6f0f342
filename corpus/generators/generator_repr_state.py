import inspect


def numbers():
    yield 1
    yield 2


class Holder:
    def items(self):
        yield self


g = numbers()
print(g)
print(Holder().items())
print(inspect.getgeneratorstate(g))
next(g)
print(inspect.getgeneratorstate(g), inspect.getgeneratorlocals(g))
list(g)
print(inspect.getgeneratorstate(g))
h = numbers()
h.close()
print(inspect.getgeneratorstate(h))
