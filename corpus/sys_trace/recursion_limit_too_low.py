import sys


def depth():
    n = 0
    frame = sys._getframe()
    while frame is not None:
        n += 1
        frame = frame.f_back
    return n


def nest(n):
    if n == 0:
        print("depth here:", depth())
        try:
            sys.setrecursionlimit(3)
        except RecursionError as e:
            print("caught:", e)
        sys.setrecursionlimit(2)
    else:
        nest(n - 1)


print("limit:", sys.getrecursionlimit())
nest(4)
