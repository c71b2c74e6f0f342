# Method calls: instance attributes, bound methods, a small class hierarchy, super().
import sys

# Work multiplier: 1 for the conformance suite, `bench_args` (sidecar) for `pyref-harness bench`.
SCALE = int(sys.argv[1]) if len(sys.argv) > 1 else 1


class Vec:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def add(self, other):
        return Vec(self.x + other.x, self.y + other.y)

    def dot(self, other):
        return self.x * other.x + self.y * other.y

    def scaled(self, k):
        return Vec(self.x * k, self.y * k)


class Shape:
    def __init__(self, name):
        self.name = name

    def area(self):
        return 0

    def describe(self):
        return self.area() + len(self.name)


class Rect(Shape):
    def __init__(self, w, h):
        super().__init__("rect")
        self.w = w
        self.h = h

    def area(self):
        return self.w * self.h


class Square(Rect):
    def __init__(self, s):
        super().__init__(s, s)


acc = Vec(0, 0)
step = Vec(1, 2)
for i in range(6000 * SCALE):
    acc = acc.add(step).scaled(1)
    if acc.dot(step) % 7 == 0:
        acc = Vec(acc.x % 1000, acc.y % 1000)
total = 0
shapes = [Rect(i % 5 + 1, i % 3 + 1) if i % 2 else Square(i % 4 + 1) for i in range(100)]
for _ in range(40 * SCALE):
    for s in shapes:
        total += s.describe()
print(acc.x, acc.y, total)
