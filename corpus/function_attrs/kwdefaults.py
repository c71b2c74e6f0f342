def f(a, *, key=1, other=2, required):
    return a, key, other, required


print("kwdefaults:", f.__kwdefaults__)
print(f(0, required=3))
f.__kwdefaults__ = {"required": "filled"}
print(f(0, key=5, other=6))
try:
    f(0)
except TypeError as e:
    print("TypeError:", e)
f.__kwdefaults__ = None
print("after None:", f.__kwdefaults__)


def g(a, b=2):
    pass


print("no kw-only:", g.__kwdefaults__)
f(0, key=1, other=2)
