def f(x):
    y = x * 2
    print("vars():", sorted(vars().items()))
    print("vars() == locals():", vars() == locals())


f(4)
print("module vars() is globals():", vars() is globals())
print("module locals() is globals():", locals() is globals())
