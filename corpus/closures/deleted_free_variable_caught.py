def outer():
    x = 1

    def inner():
        return x

    del x
    return inner


f = outer()
try:
    f()
except NameError as e:
    print(type(e).__name__, e)
try:
    f.__closure__[0].cell_contents
except ValueError as e:
    print(type(e).__name__, e)
