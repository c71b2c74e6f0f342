def one(*, key):
    pass


def three(a, *, x, y, z):
    pass


for call in (lambda: one(), lambda: three(1), lambda: three(1, y=2), lambda: three()):
    try:
        call()
    except TypeError as e:
        print(type(e).__name__, e)
