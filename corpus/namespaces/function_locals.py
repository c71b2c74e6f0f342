def f(a, b=2, *args, key=None, **extra):
    print("at entry:", sorted(locals().items()))
    c = a + b
    print("after c:", sorted(locals()))
    del c
    print("after del c:", sorted(locals()))


f(1, 5, 6, key="k", z=9)
