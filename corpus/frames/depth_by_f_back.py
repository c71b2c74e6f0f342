import sys


def depth():
    n = 0
    f = sys._getframe(1)
    while f.f_back is not None:
        n += 1
        f = f.f_back
    return n


def down(k):
    print(f"down({k}) frame depth {depth()}")
    if k > 0:
        down(k - 1)


down(4)
print("module depth:", depth())
