def f():
    return f.calls


f.calls = 0
f.__dict__["tag"] = "x"
print("dict:", f.__dict__)
print("vars is __dict__:", vars(f) is f.__dict__)
f.calls += 1
print("call:", f())
f.__dict__ = {"calls": 7}
print("replaced:", f(), hasattr(f, "tag"))
del f.calls
print("after del:", f.__dict__)
print(f())
