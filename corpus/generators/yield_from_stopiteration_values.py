class Once:
    def __init__(self, value):
        self.value = value
        self.done = False

    def __iter__(self):
        return self

    def __next__(self):
        if self.done:
            raise StopIteration(self.value, "extra")
        self.done = True
        return "once"


def gen_returning(v):
    yield "g"
    return v


def collector():
    a = yield from Once(1)
    b = yield from gen_returning([2])
    c = yield from iter([])
    d = yield from gen_returning(None)
    return (a, b, c, d)


g = collector()
items = []
try:
    while True:
        items.append(next(g))
except StopIteration as e:
    print(items, e.value, e.args)
