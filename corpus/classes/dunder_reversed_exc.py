# reversed() through __reversed__ or __len__ + __getitem__; __len__ result checks; user
# exception classes with container dunders; list()/tuple() asking a user __len__ first.
class Seq:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        print("len")
        return self.n

    def __getitem__(self, i):
        print("getitem", i)
        if not 0 <= i < self.n:
            raise IndexError(i)
        return i * i

    def __iter__(self):
        print("iter")
        return iter(range(self.n))


class Custom:
    def __reversed__(self):
        return iter("cba")


class NoRev:
    __reversed__ = None

    def __len__(self):
        return 1

    def __getitem__(self, i):
        return i


print(list(reversed(Seq(3))))
print(list(Seq(2)), tuple(Seq(1)), sorted(Seq(2)))
print(list(reversed(Custom())))
for bad in (NoRev(), object(), 5):
    try:
        reversed(bad)
    except TypeError as e:
        print(e)


class Huge:
    def __len__(self):
        return 2**70


class Neg:
    def __len__(self):
        return -5


for obj in (Huge(), Neg()):
    for f in (len, bool):
        try:
            f(obj)
        except (OverflowError, ValueError) as e:
            print(f.__name__, type(e).__name__, e)


class Bag(Exception):
    def __init__(self, *items):
        super().__init__(len(items))
        self.items = items

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    def __eq__(self, other):
        return isinstance(other, Bag) and self.items == other.items

    def __hash__(self):
        return hash(self.items)


b = Bag(1, 2)
print(list(b), len(b), bool(Bag()), 2 in b, b == Bag(1, 2), b != Bag(3))
print(sorted(reversed(Seq(0))), next(iter(b)))


class Gone:
    def __len__(self):
        return 2

    def __getitem__(self, i):
        raise KeyError(i)


it = reversed(Gone())
try:
    next(it)
except KeyError as e:
    print("KeyError", e)
print(next(it, "exhausted"))
