import sys
import types

m = types.ModuleType("scratch", "A scratch module.")
print(repr(m))
print("name:", m.__name__, "doc:", m.__doc__)
print("keys:", sorted(m.__dict__))
exec("value = 21\ndef twice():\n    return value * 2", m.__dict__)
print("twice:", m.twice(), m.twice.__module__, m.twice.__globals__ is m.__dict__)
print("sys is ModuleType:", isinstance(sys, types.ModuleType))
bare = types.ModuleType("bare")
print("bare doc:", bare.__doc__)
print(bare.missing)
