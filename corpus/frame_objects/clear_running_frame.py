import sys


def outer():
    inner()


def inner():
    caller = sys._getframe(1)
    print("clearing", caller.f_code.co_name, "while it runs")
    caller.clear()


def safe():
    try:
        sys._getframe().clear()
    except RuntimeError as e:
        print("caught:", e)


safe()
outer()
