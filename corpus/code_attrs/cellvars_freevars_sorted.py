def outer(zeta, alpha):
    mid = 0
    beta = 1

    def inner():
        return beta + zeta + mid + alpha

    def other():
        return alpha

    return inner, other


inner, other = outer(1, 2)
print("outer cellvars:", outer.__code__.co_cellvars)
print("outer varnames:", outer.__code__.co_varnames)
print("inner freevars:", inner.__code__.co_freevars)
print("other freevars:", other.__code__.co_freevars)
print("inner cellvars:", inner.__code__.co_cellvars)
print("closure contents:", [c.cell_contents for c in inner.__closure__])
