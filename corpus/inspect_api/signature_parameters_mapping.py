import inspect


def f(a, b: int = 2, /, c="x", *args, d, e: str = "y", **kw) -> bool:
    pass


params = inspect.signature(f).parameters
print(params)
print(repr(params))
print("len:", len(params), "names:", list(params))
print("'c' in params:", "c" in params, "'zz' in params:", "zz" in params)
print("same object each time:", inspect.signature(f).parameters is not params)
sig = inspect.signature(f)
print("cached on one signature:", sig.parameters is sig.parameters)
print("get:", params.get("d"), params.get("missing", "default"))
for name in params:
    p = params[name]
    print(f"  {name:5} {p.kind.name:22} default={p.default!r:8} annotation={p.annotation!r}")
print("dict():", dict(params) == {p.name: p for p in params.values()})
print("empty:", inspect.signature(lambda: 0).parameters)
try:
    params["zz"]
except KeyError as e:
    print("KeyError:", e)
