import sys


def nest(n):
    if n == 0:
        try:
            sys.setrecursionlimit(10)
        except RecursionError as e:
            print(type(e).__name__, e)
        print("limit unchanged:", sys.getrecursionlimit())
        return
    nest(n - 1)


nest(30)
