def outer(x, y):
    z = x + y
    unused = 0

    def inner(w):
        return x + z + w

    return inner


print("outer cellvars:", outer.__code__.co_cellvars)
print("outer freevars:", outer.__code__.co_freevars)
fn = outer(1, 2)
print("inner cellvars:", fn.__code__.co_cellvars)
print("inner freevars:", fn.__code__.co_freevars)
print("inner varnames:", fn.__code__.co_varnames)
print("fn(10):", fn(10))
