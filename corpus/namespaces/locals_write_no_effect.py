def f():
    x = 1
    d = locals()
    d["x"] = 99
    d["new"] = "added"
    print("x is still:", x)
    print("dict has:", d["x"], d["new"])
    locals()
    print("after next locals() call:", d["x"], d.get("new"))


f()
