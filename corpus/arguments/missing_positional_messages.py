def one(a):
    pass


def two(a, b):
    pass


def three(a, b, c, d=0):
    pass


for call in (lambda: one(), lambda: two(), lambda: two(1), lambda: three(), lambda: three(1), lambda: three(c=3)):
    try:
        call()
    except TypeError as e:
        print(type(e).__name__, e)
