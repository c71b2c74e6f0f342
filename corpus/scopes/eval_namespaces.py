print(eval("a * b", {"a": 6}, {"b": 7}))
print(eval("a * b", {"a": 6, "b": 1}, {"b": 7}))
print(eval("len(s)", {"s": "hello"}))
print(eval("len", {"len": "mine"}))
try:
    eval("missing + 1", {}, {})
except NameError as e:
    print(type(e).__name__, e)
x = "module x"
print(eval("x"))


def f():
    x = "local x"
    return eval("x")


print(f())
