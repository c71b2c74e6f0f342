import sys

sys.setrecursionlimit(60_100)


def ping(n):
    return 0 if n == 0 else 1 + pong(n - 1)


def pong(n):
    return 0 if n == 0 else 1 + ping(n - 1)


print("depth reached:", ping(60_000))
