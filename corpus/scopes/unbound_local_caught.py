x = 1


def read_then_assign():
    y = x
    x = 2


def augmented():
    x += 1


def conditional(flag):
    if flag:
        z = 3
    return z


for fn, args in ((read_then_assign, ()), (augmented, ()), (conditional, (False,))):
    try:
        fn(*args)
    except NameError as e:
        print(fn.__name__, "->", type(e).__name__, e)
        print("  is NameError:", isinstance(e, NameError))
print("conditional(True):", conditional(True))
