def top():
    return 1


def outer():
    b = "bee"
    a = "ay"
    c = "see"

    def inner():
        return c, a, b

    return inner


fn = outer()
print("no closure:", top.__closure__)
print("closure type:", type(fn.__closure__).__name__, len(fn.__closure__))
print(dict(zip(fn.__code__.co_freevars, (c.cell_contents for c in fn.__closure__))))
try:
    fn.__closure__ = ()
except AttributeError as e:
    print("AttributeError:", e)
