import inspect


def work():
    x = 1
    frame = inspect.currentframe()
    snap = frame.f_locals
    print("first read:", sorted(snap))
    copy = dict(snap)
    x = 2
    y = 3
    print("copy keeps x =", copy["x"])
    print("old dict before re-read:", snap["x"], "y" in snap)
    print("same dict object again:", frame.f_locals is snap)
    print("after re-read:", snap["x"], snap["y"])
    return x + y


print("result:", work())
