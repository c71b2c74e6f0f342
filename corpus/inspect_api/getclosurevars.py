import inspect

LIMIT = 10


def make(step):
    count = 0

    def advance():
        nonlocal count
        count += step
        return min(count, LIMIT), len([])

    return advance


advance = make(3)
advance()
cv = inspect.getclosurevars(advance)
print("nonlocals:", cv.nonlocals)
print("globals:", cv.globals)
print("builtins:", sorted(cv.builtins))
print("unbound:", sorted(cv.unbound))
print(type(cv).__name__)
