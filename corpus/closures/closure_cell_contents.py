def outer():
    b = "bee"
    a = "ay"

    def inner():
        return a + b

    a = "AY"
    return inner


f = outer()
print("freevars:", f.__code__.co_freevars)
print("cells:", [c.cell_contents for c in f.__closure__])
print("type:", type(f.__closure__).__name__, type(f.__closure__[0]).__name__)
print("result:", f())


def plain():
    return 1


print("plain __closure__:", plain.__closure__)
