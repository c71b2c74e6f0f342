def show(first, *args, **kwargs):
    print("first:", first)
    print("args:", args, type(args).__name__)
    print("kwargs:", kwargs, type(kwargs).__name__)


show(1)
show(1, 2, 3, z=26, a=1, m=13)
show(*"xyz", **{"k": "v"})
