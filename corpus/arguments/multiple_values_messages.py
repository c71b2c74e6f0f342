def move(x, y):
    return x, y


def star(*args, **kwargs):
    return args, kwargs


tests = [
    lambda: move(1, x=2),
    lambda: move(1, 2, y=3),
    lambda: move(**{"x": 1}, **{"x": 2}),
    lambda: star(a=1, **{"a": 2}),
]
for call in tests:
    try:
        call()
    except TypeError as e:
        print(type(e).__name__, e)
