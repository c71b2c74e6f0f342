import inspect


class Vector:
    class Inner:
        pass


def f(x: int, y: "Vector" = None, *args: float, v: Vector.Inner, **kw: dict) -> list:
    pass


def g(a: None, b: 3, c: [int, str] = ()) -> "it":
    pass


for fn in (f, g):
    sig = inspect.signature(fn)
    print(sig)
    for p in sig.parameters.values():
        print("  ", p.name, repr(p.annotation), str(p))
    print("   return:", sig.return_annotation)
print("no annotations:", inspect.signature(lambda q: q).return_annotation)
print(inspect.signature(f).parameters["v"].annotation is Vector.Inner)
print(inspect.formatannotation(Vector.Inner), inspect.formatannotation(int), inspect.formatannotation("s"))
