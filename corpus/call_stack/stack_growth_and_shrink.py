import inspect


def depth():
    return len(inspect.stack()) - 1


def descend(n):
    print("  " * n + f"enter {n}: depth {depth()}")
    if n < 3:
        descend(n + 1)
    print("  " * n + f"leave {n}: depth {depth()}")


print("module depth:", depth())
descend(0)
print("module depth again:", depth())
