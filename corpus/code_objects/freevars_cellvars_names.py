def outer(p):
    q = 1

    def middle():
        r = 2

        def inner():
            return p + q + r

        return inner

    return middle


m = outer(0)
i = m()
for fn in (outer, m, i):
    c = fn.__code__
    print(f"{c.co_qualname}: cellvars={c.co_cellvars} freevars={c.co_freevars} varnames={c.co_varnames}")
