import inspect


def outer():
    def counter(n):
        i = 0
        while i < n:
            yield i
            i += 1
    return counter


c = outer()
g = c(3)
code = g.gi_code
print(code is c.__code__, code.co_name, code.co_qualname)
print(code.co_varnames, code.co_argcount)
print(bool(code.co_flags & inspect.CO_GENERATOR))
print(g.__name__, g.__qualname__)
print(type(g).__name__, inspect.isgenerator(g), inspect.isgeneratorfunction(c))
print(g)
print(list(g))
