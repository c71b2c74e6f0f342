import types

ns = types.SimpleNamespace(b=2, a=1)
print(repr(ns))
ns.c = [3]
print(ns)
print("eq:", ns == types.SimpleNamespace(b=2, a=1, c=[3]))
print("vars:", vars(ns))
del ns.b
print("after del:", ns)
empty = types.SimpleNamespace()
print(empty, empty == types.SimpleNamespace())
nested = types.SimpleNamespace(inner=types.SimpleNamespace(x=1))
print(nested)
print(ns.b)
