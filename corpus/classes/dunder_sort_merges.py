# list.sort/sorted on lists long enough to merge runs (galloping): the sequence of user
# __lt__ calls is summarized by its length and a checksum; a failing __lt__ leaves the list
# in the order the sort had reached.
class Rng:
    def __init__(self):
        self.x = 12345

    def below(self, n):
        self.x = (self.x * 1103515245 + 12345) % 2147483648
        return (self.x >> 8) % n


rng = Rng()


class K:
    log = []

    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        K.log.append((self.v, other.v))
        return self.v < other.v


def checksum(log):
    x = 0
    for a, b in log:
        x = (x * 31 + a * 7 + b) % 1000000007
    return x


for n in (64, 100, 257, 1000):
    for kind in range(4):
        if kind == 0:
            vals = [rng.below(n) for _ in range(n)]
        elif kind == 1:
            vals = [rng.below(5) for _ in range(n)]
        elif kind == 2:
            vals = sorted(rng.below(n) for _ in range(n))
            vals[n // 3] = -1
        else:
            vals = list(range(n // 2, 0, -1)) + [i % 17 for i in range(n - n // 2)]
        xs = [K(v) for v in vals]
        K.log = []
        asc = sorted(xs)
        line = [n, kind, len(K.log), checksum(K.log)]
        K.log = []
        desc = sorted(xs, reverse=True)
        stable = [id(a) for a in asc] == [id(a) for a in sorted(xs, key=lambda k: k.v)]
        print(*line, len(K.log), checksum(K.log), stable, desc[0].v == asc[-1].v)


class Failing(K):
    def __lt__(self, other):
        if len(K.log) > 300:
            raise ValueError("enough comparisons")
        return K.__lt__(self, other)


xs = [Failing(rng.below(100)) for _ in range(200)]
K.log = []
try:
    xs.sort()
except ValueError as e:
    print(e, len(xs), [x.v for x in xs][:30])
