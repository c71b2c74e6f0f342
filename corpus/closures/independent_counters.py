def make():
    n = 0

    def inc():
        nonlocal n
        n += 1
        return n

    return inc


a = make()
b = make()
for _ in range(3):
    a()
print("a:", a(), "b:", b())
print("different cells:", a.__closure__[0] is not b.__closure__[0])
print("a cell:", a.__closure__[0].cell_contents, "b cell:", b.__closure__[0].cell_contents)
