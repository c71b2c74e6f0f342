class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __repr__(self):
        return f"Point({self.x!r}, {self.y!r})"

    def __str__(self):
        return f"({self.x}, {self.y})"


class OnlyRepr:
    def __repr__(self):
        return "OnlyRepr()"


p = Point(1, "a")
print(p)
print(repr(p), str(p))
print([p, p])
print(f"{p} {p!r} {p!s}")
print({"k": p})
print(OnlyRepr(), str(OnlyRepr()))
print((p,))
