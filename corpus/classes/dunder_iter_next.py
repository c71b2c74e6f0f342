class Countdown:
    def __init__(self, start):
        self.current = start

    def __iter__(self):
        print("iter called")
        return self

    def __next__(self):
        if self.current <= 0:
            raise StopIteration
        self.current -= 1
        return self.current + 1


for n in Countdown(3):
    print(n)
c = Countdown(2)
print(list(c), list(c))
it = iter(Countdown(1))
print(next(it), next(it, "done"))


class NotIter:
    pass


for x in NotIter():
    pass
