# A suspended generator closed at interpreter exit runs its finally block, and the objects
# only its frame held die right then (reference counting), before the exit goes on.
class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name, LABEL)


LABEL = "label"


def worker():
    local = Noisy("local of the generator")
    try:
        yield 1
        yield 2
    finally:
        print("finally, still holding", local.name, LABEL)


w = worker()
print(next(w))
