import inspect


class Point:
    def __init__(self, x, y=0):
        self.x, self.y = x, y

    def move(self, dx, dy=0, *, scale=1.0):
        return Point(self.x + dx * scale, self.y + dy * scale)

    @staticmethod
    def origin(kind="cartesian"):
        return Point(0)

    @classmethod
    def from_pair(cls, pair, /):
        return cls(*pair)

    def __call__(self, z, /, *rest):
        return z


class WithNew:
    def __new__(cls, value, *, tag=None):
        return super().__new__(cls)


class Child(Point):
    pass


class Plain:
    pass


p = Point(1, 2)
print("class:", inspect.signature(Point))
print("bound method:", inspect.signature(p.move))
print("function in class:", inspect.signature(Point.move))
print("staticmethod:", inspect.signature(Point.origin))
print("classmethod:", inspect.signature(Point.from_pair))
print("callable instance:", inspect.signature(p))
print("__new__:", inspect.signature(WithNew))
print("inherited __init__:", inspect.signature(Child))
print("no __init__:", inspect.signature(Plain))
print("from_callable:", inspect.Signature.from_callable(p.move))
try:
    inspect.signature(Plain())
except TypeError as e:
    print("TypeError:", e)
try:
    inspect.signature(42)
except TypeError as e:
    print("TypeError:", e)


class Odd:
    def m(*args, **kwargs):
        pass

    def k(**kwargs):
        pass


print("star method:", inspect.signature(Odd().m))
try:
    inspect.signature(Odd().k)
except ValueError as e:
    print("ValueError:", e)
