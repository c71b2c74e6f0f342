def f(a, b=1, *args, c, d=2, **kw):
    z = 1
    y = 2
    for x in range(2):
        w = x
    del z
    return y


code = f.__code__
print("co_varnames:", code.co_varnames)
print("co_nlocals:", code.co_nlocals)
print("co_argcount:", code.co_argcount)
print("co_kwonlyargcount:", code.co_kwonlyargcount)
print("co_posonlyargcount:", code.co_posonlyargcount)
print("len(varnames) == nlocals:", len(code.co_varnames) == code.co_nlocals)
