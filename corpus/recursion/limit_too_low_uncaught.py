import sys


def descend(n):
    if n == 0:
        sys.setrecursionlimit(5)
    else:
        descend(n - 1)


descend(8)
