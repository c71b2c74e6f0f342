import functools
import inspect


def f(a, b, /, c, d=4, *args, e, f=6, **kw):
    pass


def g(a, b, *args, c, **kw):
    pass


cases = [
    (f, (1,), {}),
    (f, (1, 2), {}),
    (f, (1, 2, 3), {}),
    (f, (1, 2), {"c": 30}),
    (f, (), {"e": 50}),
    (f, (1, 2, 3, 4, 5), {"f": 60, "x": 1}),
    (g, (), {"b": 1}),
    (g, (1, 2, 3), {}),
    (g, (), {"a": 1}),
]
for func, args, kwargs in cases:
    p = functools.partial(func, *args, **kwargs)
    print(func.__name__, args, kwargs, "->", inspect.signature(p))

nested = functools.partial(functools.partial(g, 1), c=3)
print("nested:", inspect.signature(nested))
for args, kwargs in [((1,), {"a": 2}), ((1, 2, 3, 4), {}), ((), {"zz": 1})]:
    try:
        inspect.signature(functools.partial(f, *args, **kwargs))
    except ValueError as e:
        print("ValueError:", str(e).replace(repr(f), "<f>"))
        print("  cause:", repr(e.__cause__), "suppress:", e.__suppress_context__)
