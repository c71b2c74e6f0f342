log = []


def make_default(label):
    log.append(label)
    return label


x = "first"


def f(a=x, b=make_default("b-default")):
    return a, b


x = "second"
print("log after def:", log)
print(f())
print(f())
print("log after calls:", log)
