def area(width, height):
    return width * height


def outer():
    def inner(x):
        return x
    return inner


for call in (lambda: area(1, 2, depth=3), lambda: area(width=1, hieght=2), lambda: outer()(y=1)):
    try:
        call()
    except TypeError as e:
        print(type(e).__name__, e)
