# Sorting instances whose __lt__ returns NotImplemented: with keys all of one class CPython
# calls __lt__ directly, then (on NotImplemented) the full comparison, which calls __lt__
# again before the reflected __gt__; with mixed classes only the full comparison runs.
class A:
    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        print("lt", self.v, other.v)
        return NotImplemented

    def __gt__(self, other):
        print("gt", self.v, other.v)
        return self.v > other.v

    def __repr__(self):
        return f"{type(self).__name__}{self.v}"


class B(A):
    pass


print(sorted([A(2), A(1), A(3)]))
print(sorted([A(2), B(1), A(3)]))
print(max([A(1), A(4), A(2)]), min(A(5), A(3)))


class Only:
    def __init__(self, v):
        self.v = v


try:
    sorted([Only(1), Only(2)])
except TypeError as e:
    print(e)
