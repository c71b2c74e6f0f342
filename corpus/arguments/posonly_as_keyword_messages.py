def one(a, /):
    pass


def two(a, b, /, c):
    pass


for call in (lambda: one(a=1), lambda: two(a=1, b=2, c=3), lambda: two(1, b=2, c=3)):
    try:
        call()
    except TypeError as e:
        print(type(e).__name__, e)
