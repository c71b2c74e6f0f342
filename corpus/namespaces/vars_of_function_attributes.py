def f():
    return f.calls


print("initial:", vars(f))
f.calls = 3
f.tag = "x"
print("after setting:", sorted(vars(f).items()))
print("f():", f())
print("same dict:", vars(f) is f.__dict__)
