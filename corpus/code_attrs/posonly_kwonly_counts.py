def f(a, b, /, c, *, d, e=1):
    pass


def g(*, only):
    pass


def h(x, /):
    pass


def k(*args, **kwargs):
    local = 1


for fn in (f, g, h, k):
    c = fn.__code__
    print(fn.__name__, c.co_argcount, c.co_posonlyargcount, c.co_kwonlyargcount, c.co_nlocals, c.co_varnames)
