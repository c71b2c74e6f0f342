def outer(p):
    q = p + 1

    def inner():
        r = q
        return dir()

    print("outer dir():", dir())
    print("inner dir():", inner())


outer(1)
