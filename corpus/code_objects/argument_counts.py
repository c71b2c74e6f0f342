def f(a, b, /, c, d=1, *args, e, f=2, **kw):
    local = 0


def g(*args, **kwargs):
    pass


def h(x, /):
    pass


for fn in (f, g, h, lambda p, *, q: p):
    c = fn.__code__
    print(f"{c.co_name}: argcount={c.co_argcount} posonly={c.co_posonlyargcount} "
          f"kwonly={c.co_kwonlyargcount} nlocals={c.co_nlocals} varnames={c.co_varnames}")
