import sys

sys.setrecursionlimit(100_050)


def rsum(n):
    if n == 0:
        return 0
    return n + rsum(n - 1)


print("limit:", sys.getrecursionlimit())
print("rsum(100000) =", rsum(100_000))
print("expected     =", 100_000 * 100_001 // 2)
