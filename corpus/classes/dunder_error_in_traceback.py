class Money:
    def __init__(self, cents):
        self.cents = cents

    def __repr__(self):
        return f"Money({self.cents / self.scale})"

    def __add__(self, other):
        return Money(self.cents + other.amount)


m = Money(150)
try:
    m + m
except AttributeError as e:
    print("add failed:", e)


def show(values):
    return [repr(v) for v in values]


print(show([m]))
