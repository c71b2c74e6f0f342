import inspect


def f(a, b: int = 2, /, c="x", *args, d, e: str = "y", **kw) -> bool:
    pass


sig = inspect.signature(f)
print(sig)
print(repr(sig))
for name, param in sig.parameters.items():
    print(name, param.kind.name, param.default is param.empty, param.annotation)
print("return:", sig.return_annotation)
print("lambda:", inspect.signature(lambda x, *, y=1: 0))
print("no params:", inspect.signature(lambda: 0))
print("param repr:", sig.parameters["b"])
