def is_even(n):
    return True if n == 0 else is_odd(n - 1)


def is_odd(n):
    return False if n == 0 else is_even(n - 1)


for n in range(6):
    print(n, "even" if is_even(n) else "odd", is_odd(n))
print("500 is even:", is_even(500))
