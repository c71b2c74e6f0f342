class Version:
    def __init__(self, *parts):
        self.parts = parts

    def __eq__(self, other):
        if not isinstance(other, Version):
            return NotImplemented
        return self.parts == other.parts

    def __lt__(self, other):
        print("lt", self.parts, other.parts)
        return self.parts < other.parts

    def __repr__(self):
        return "v" + ".".join(map(str, self.parts))


a, b = Version(1, 2), Version(1, 10)
print(a == Version(1, 2), a != b, a == "1.2")
print(a < b, b > a)
print(sorted([b, a, Version(0, 9)]))
print(max(a, b))
print(a <= b)
