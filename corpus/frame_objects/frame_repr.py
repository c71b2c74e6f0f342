import sys

NAME = __file__.rsplit("/", 1)[-1]


def show(frame):
    text = repr(frame).replace(frame.f_code.co_filename, NAME)
    print(text)


def work():
    show(sys._getframe())
    inner = lambda: sys._getframe()
    show(inner())


show(sys._getframe())
work()
