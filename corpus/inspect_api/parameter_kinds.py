import inspect
from inspect import Parameter

kinds = [
    Parameter.POSITIONAL_ONLY,
    Parameter.POSITIONAL_OR_KEYWORD,
    Parameter.VAR_POSITIONAL,
    Parameter.KEYWORD_ONLY,
    Parameter.VAR_KEYWORD,
]
for k in kinds:
    print(repr(k), str(k), k.name, k.value, repr(k.description), hash(k))
print("ordered:", kinds == sorted(kinds), Parameter.POSITIONAL_ONLY < Parameter.VAR_KEYWORD)
print("as ints:", Parameter.KEYWORD_ONLY == 3, Parameter.KEYWORD_ONLY != 3, Parameter.VAR_POSITIONAL > 1)
print("f-string:", f"{Parameter.VAR_KEYWORD}")


def f(a, /, b, *c, d, **e):
    pass


for p in inspect.signature(f).parameters.values():
    print(p.name, p.kind is getattr(Parameter, p.kind.name), p.kind.description)
print("empty:", Parameter.empty, inspect.Signature.empty is Parameter.empty)
print("kind lookup by number:", Parameter("x", 2).kind is Parameter.VAR_POSITIONAL)
