import sys


def peek(depth):
    return sys._getframe(depth).f_code.co_name


def outer():
    print("depth 1:", peek(1))
    print("depth 2:", peek(2))
    print("depth 5:", peek(5))


outer()
