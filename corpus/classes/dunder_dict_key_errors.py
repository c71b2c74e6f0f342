class Key:
    def __init__(self, k, fail=None):
        self.k = k
        self.fail = fail

    def __hash__(self):
        if self.fail == "hash":
            raise ValueError(f"cannot hash {self.k}")
        return hash(self.k)

    def __eq__(self, other):
        print("eq", self.k, other.k if isinstance(other, Key) else other)
        if self.fail == "eq" or getattr(other, "fail", None) == "eq":
            raise KeyError("eq failed")
        return isinstance(other, Key) and self.k == other.k


d = {Key(1): "a", Key(2): "b"}
print(d[Key(2)], d.get(Key(3)), Key(1) in d, d.get(Key(1)))
try:
    d[Key(5, "hash")] = 1
except ValueError as e:
    print("ValueError:", e)
try:
    Key(1, "eq") in d
except KeyError as e:
    print("KeyError:", e)
s = {Key(1), Key(1), Key(2)}
print(len(s), Key(2) in s, frozenset([Key(1)]) == frozenset([Key(1)]))
d.pop(Key(1))
print(len(d), {(Key(4), 1): "t"}[(Key(4), 1)])


def lookup(m, k):
    return m[k]


lookup(d, Key(2, "eq"))
