def total(n):
    return n + total(n - 1)


def main():
    return total(10)


print(main())
