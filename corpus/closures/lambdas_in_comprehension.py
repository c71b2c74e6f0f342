def build():
    fs = [lambda x: x * k for k in (1, 2, 3)]
    return fs


fs = build()
print([f(10) for f in fs])
print("freevars:", fs[0].__code__.co_freevars)
print("shared cell:", fs[0].__closure__[0] is fs[2].__closure__[0])
fixed = [(lambda k: (lambda x: x * k))(k) for k in (1, 2, 3)]
print([f(10) for f in fixed])
