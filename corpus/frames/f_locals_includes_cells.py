import sys


def outer():
    shared = "cell"
    plain = "local"

    def inner():
        seen = shared
        return sorted(sys._getframe().f_locals.items())

    print("outer:", sorted(k for k in sys._getframe().f_locals))
    print("inner:", inner())


outer()
