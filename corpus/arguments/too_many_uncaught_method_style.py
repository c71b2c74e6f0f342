ops = {
    "neg": lambda x: -x,
    "add": lambda x, y: x + y,
}


def apply(name, *args):
    return ops[name](*args)


print(apply("neg", 5))
print(apply("add", 2, 3))
print(apply("neg", 1, 2))
