class Both:
    def __bool__(self):
        print("bool")
        return False

    def __len__(self):
        print("len")
        return 3


class LenOnly:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n


class Seq:
    def __getitem__(self, i):
        print("getitem", i)
        if i >= 3:
            raise IndexError(i)
        return i * 10


class Box:
    def __init__(self, items):
        self.items = items

    def __contains__(self, x):
        print("contains", x)
        return x in self.items

    def __iter__(self):
        return iter(self.items)


class IterOnly:
    def __iter__(self):
        print("iter")
        return iter([1, 2, 3])


print(bool(Both()), not Both(), "yes" if Both() else "no")
print(bool(LenOnly(0)), bool(LenOnly(2)), len(LenOnly(7)))
print(list(Seq()), 20 in Seq(), 25 in Seq())
print(2 in Box([1, 2]), 3 not in Box([1, 2]), sorted(Box([3, 1, 2])))
print(2 in IterOnly(), 9 in IterOnly())
print(sum(Seq()), max(Seq()), tuple(Seq()), [*Seq()])
a, b, c = Seq()
print(a, b, c)


class BadBool:
    def __bool__(self):
        return 1


class NegLen:
    def __len__(self):
        return -1


for f in (lambda: bool(BadBool()), lambda: len(NegLen()), lambda: bool(NegLen())):
    try:
        f()
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
it = iter(Seq())
print(next(it), next(it), next(it), next(it, "end"))
if BadBool():
    pass
