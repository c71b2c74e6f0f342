import inspect


def f(a, b=2, *rest, key, **extra):
    pass


sig = inspect.signature(f)
bound = sig.bind(1, 3, 4, 5, key="k", other=6)
print(bound)
print("arguments:", dict(bound.arguments))
print("args:", bound.args, "kwargs:", bound.kwargs)
partial = sig.bind_partial(1)
print("partial:", partial)
partial.apply_defaults()
print("with defaults:", partial)
try:
    sig.bind(1, 2, 3, key=4, a=5)
except TypeError as e:
    print("TypeError:", e)
try:
    sig.bind(1)
except TypeError as e:
    print("TypeError:", e)
print("bound args are a copy:", bound.args is not bound.args)
