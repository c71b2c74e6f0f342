import sys

sys.setrecursionlimit(100)


def down(n):
    if n > 0:
        down(n - 1)


ok = 0
for n in range(90, 105):
    try:
        down(n)
        ok = n
    except RecursionError:
        print("first failing argument:", n)
        break
print("largest working argument:", ok)
