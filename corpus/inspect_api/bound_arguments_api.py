import inspect


def f(a, b=2, *args, c, d=4, **kw):
    pass


sig = inspect.signature(f)
ba = sig.bind(1, 20, 30, 40, c=3, x=9)
print(ba)
print("arguments:", ba.arguments, type(ba.arguments).__name__)
print("args:", ba.args)
print("kwargs:", ba.kwargs)
print("signature:", ba.signature is sig)
ba.apply_defaults()
print("after apply_defaults:", ba)
part = sig.bind_partial(c=3)
print("partial:", part, part.args, part.kwargs)
part.apply_defaults()
print("partial + defaults:", part)
ba2 = sig.bind(1, c=3)
print("args/kwargs:", ba2.args, ba2.kwargs)
ba2.arguments["b"] = 22
print("edited:", ba2, ba2.args)
del ba2.arguments["a"]
print("a removed:", ba2.args, ba2.kwargs)
ba2.arguments = {"a": 0, "c": 1}
print("replaced:", ba2)
print("equal:", sig.bind(1, c=3) == sig.bind(1, c=3), sig.bind(1, c=3) == sig.bind(2, c=3), sig.bind(1, c=3) == 1)
print("call with it:", (lambda *a, **k: (a, k))(*ba.args, **ba.kwargs))
