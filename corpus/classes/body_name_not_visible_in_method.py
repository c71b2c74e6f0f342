class Counter:
    step = 2

    def bump(self, n):
        return n + self.step

    def broken(self, n):
        return n + step


c = Counter()
print(c.bump(1))
print(Counter.step, c.step)
print(c.broken(1))
