def f(a, b=2):
    c = a + b
    return c


code = f.__code__
for name in ["co_name", "co_firstlineno", "co_code", "co_varnames", "co_lines", "foo",
             "co_consts", "co_qualname", "co_lnotab", "co_flags", "replace", "__doc__"]:
    for op in ("set", "del"):
        try:
            if op == "set":
                setattr(code, name, 1)
            else:
                delattr(code, name)
        except AttributeError as e:
            print(name, op, "AttributeError:", e)
renamed = code.replace(co_name="g", co_qualname="G.g")
print(renamed.co_name, renamed.co_qualname, code.co_name, renamed is code)
moved = code.replace(co_firstlineno=100)
print("firstlineno:", moved.co_firstlineno, code.co_firstlineno)
print("filename:", code.replace(co_filename="other.py").co_filename)
for kwargs in ({"co_name": 1}, {"bogus": 1}, {"co_firstlineno": -5}, {"co_firstlineno": "x"}):
    try:
        code.replace(**kwargs)
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)
try:
    code.replace("g")
except TypeError as e:
    print("TypeError:", e)
f.__code__ = moved


def show():
    import sys
    return sys._getframe(1).f_lineno


g = f.__code__.replace(co_name="h")
print(repr(code).split(" at ")[0], repr(g).split(" at ")[0].replace(str(code.co_firstlineno), "N"))
print(f(1))
