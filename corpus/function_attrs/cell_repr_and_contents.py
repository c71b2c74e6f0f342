def make():
    value = 42
    later = None

    def read():
        return value, later

    del later
    return read


fn = make()
print("freevars:", fn.__code__.co_freevars)
for name, cell in zip(fn.__code__.co_freevars, fn.__closure__):
    print(name, repr(cell))
print("value:", fn.__closure__[1].cell_contents)
fn.__closure__[1].cell_contents = "changed"
print("after assignment:", fn.__closure__[1].cell_contents)
print(fn.__closure__[0].cell_contents)
