import sys


def a():
    return b()


def b():
    names = []
    for n in range(3):
        names.append(sys._getframe(n).f_code.co_name)
    print("levels:", names)
    print("negative depth is current:", sys._getframe(-3) is sys._getframe())
    print("default is 0:", sys._getframe(0) is sys._getframe())
    return sys._getframe(3)


a()
