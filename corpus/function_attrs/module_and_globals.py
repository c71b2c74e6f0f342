import sys

CONST = "module constant"


def f():
    return CONST


print("__module__:", f.__module__)
print("__globals__ is globals():", f.__globals__ is globals())
print("__globals__ is module dict:", f.__globals__ is sys.modules[__name__].__dict__)
f.__globals__["CONST"] = "changed through __globals__"
print(f())
ns = {}
exec("def g():\n    return 1", ns)
print("exec'd __module__:", ns["g"].__module__)
ns2 = {"__name__": "fake_mod"}
exec("def h():\n    return 1", ns2)
print("with __name__:", ns2["h"].__module__)
print("print module:", print.__module__)
