import inspect


def f(a, b=2, /, c=3, *args, d, e=5, **kw):
    pass


def g(a, *, b):
    pass


def h(x, y):
    pass


calls = [
    (f, (), {}),
    (f, (1,), {}),
    (f, (1,), {"d": 4}),
    (f, (1, 2, 3, 4, 5), {"d": 4, "e": 6, "z": 7}),
    (f, (), {"a": 1, "d": 4}),
    (f, (1,), {"b": 2, "d": 4}),
    (f, (1,), {"c": 30, "d": 4}),
    (g, (1, 2), {}),
    (g, (), {"b": 1}),
    (g, (1,), {"c": 1}),
    (g, (1,), {"b": 2, "c": 3}),
    (h, (1, 2, 3), {}),
    (h, (1,), {"x": 2}),
    (h, (1,), {"z": 2, "y": 3}),
    (h, (), {"y": 1, "x": 2}),
]
for func, args, kwargs in calls:
    sig = inspect.signature(func)
    for method in (sig.bind, sig.bind_partial):
        try:
            print(func.__name__, method.__name__, args, kwargs, "->", method(*args, **kwargs))
        except TypeError as e:
            print(func.__name__, method.__name__, args, kwargs, "-> TypeError:", e)
print(inspect.signature(lambda self, **kw: 0).bind(1, self=2) if False else "self as keyword:", inspect.signature(lambda *a, **kw: 0).bind(self=1))
