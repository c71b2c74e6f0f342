class Base:
    def __init__(self, v):
        self.v = v

    def __eq__(self, other):
        print(f"Base.__eq__({self.v}, {getattr(other, 'v', type(other).__name__)})")
        if isinstance(other, Base):
            return self.v == other.v
        return NotImplemented

    def __lt__(self, other):
        print(f"Base.__lt__({self.v}, {getattr(other, 'v', type(other).__name__)})")
        if isinstance(other, Base):
            return self.v < other.v
        return NotImplemented


class Derived(Base):
    def __gt__(self, other):
        print(f"Derived.__gt__({self.v}, {getattr(other, 'v', type(other).__name__)})")
        return self.v > other.v

    def __eq__(self, other):
        print(f"Derived.__eq__({self.v}, {getattr(other, 'v', type(other).__name__)})")
        return NotImplemented


class Plain:
    pass


b, d = Base(1), Derived(2)
print(b < d)
print(d > b)
print(b == d)
print(b != Base(1))
p = Plain()
print(p == p, p == Plain(), p != p)
print(b == 1, 1 == b, b != "x")
print(Base(3) > Base(2))
for op in ("b < p", "p >= b", "1 < b"):
    try:
        eval(op)
    except TypeError as e:
        print(op, "->", e)
print(b < 5)
