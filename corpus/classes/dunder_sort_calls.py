class K:
    calls = []

    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        K.calls.append(f"{self.v}<{other.v}")
        return self.v < other.v

    def __repr__(self):
        return f"K{self.v}"


def run(label, values, **kw):
    K.calls = []
    result = sorted([K(v) for v in values], **kw)
    print(label, result, " ".join(K.calls))


run("asc", [1, 2, 3, 4])
run("desc", [4, 3, 2, 1])
run("mixed", [5, 1, 4, 2, 3, 2])
run("rev", [3, 1, 2, 1], reverse=True)
run("key", [3, 1, 2], key=lambda k: K(-k.v))
xs = [K(v) for v in (9, 3, 7, 3, 1, 8, 2, 6, 5, 4, 0)]
K.calls = []
xs.sort()
print(xs, len(K.calls))
print(min(K(3), K(1), K(2)), max([K(3), K(1), K(2)]))


class Fail(K):
    def __lt__(self, other):
        if self.v == 2:
            raise ValueError("no order for 2")
        return super().__lt__(other)


sorted([Fail(1), Fail(3), Fail(2)])
