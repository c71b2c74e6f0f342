class Shape:
    count = 0

    def __init__(self, sides):
        self.sides = sides
        Shape.count += 1

    @classmethod
    def triangle(cls):
        return cls(3)

    @staticmethod
    def describe(n):
        return f"{n} sides"

    @classmethod
    def kind(cls):
        return cls.__name__


class Square(Shape):
    pass


t = Shape.triangle()
s = Square.triangle()
print(type(t).__name__, type(s).__name__, t.sides)
print(Shape.describe(4), t.describe(5))
print(Square.kind(), s.kind())
print(Shape.count)
print(type(Shape.__dict__["describe"]).__name__, type(Shape.__dict__["kind"]).__name__)
print(Shape.__dict__["describe"].__func__ is Shape.describe)
