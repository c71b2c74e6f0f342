import inspect


def is_even(n):
    if n == 0:
        print(" > ".join(i.function for i in reversed(inspect.stack())))
        return True
    return is_odd(n - 1)


def is_odd(n):
    if n == 0:
        print(" > ".join(i.function for i in reversed(inspect.stack())))
        return False
    return is_even(n - 1)


print(is_even(4))
print(is_odd(3))
