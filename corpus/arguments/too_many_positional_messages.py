def none():
    pass


def pair(a, b):
    pass


def ranged(a, b=1):
    pass


def kwonly(a, *, k):
    pass


def kwonly_default(a, *, k=0):
    pass


calls = [
    lambda: none(1),
    lambda: pair(1, 2, 3),
    lambda: ranged(1, 2, 3, 4),
    lambda: kwonly(1, 2, k=3),
    lambda: kwonly_default(1, 2, 3, k=4),
    lambda: (lambda x: x)(1, 2),
]
for call in calls:
    try:
        call()
    except TypeError as e:
        print(type(e).__name__, e)
