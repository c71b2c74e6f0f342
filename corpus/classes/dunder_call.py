class Adder:
    def __init__(self, n):
        self.n = n

    def __call__(self, x, *, twice=False):
        r = x + self.n
        return r * 2 if twice else r


add3 = Adder(3)
print(add3(4), add3(4, twice=True))
print(callable(add3), callable(Adder), callable(3))
print(list(map(add3, [1, 2])))


class Plain:
    pass


Plain()()
