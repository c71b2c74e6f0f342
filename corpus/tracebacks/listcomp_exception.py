def inverses(values):
    return [1 / v for v in values]


def main():
    print(inverses([1, 2, 4]))
    print(inverses([1, 0]))


main()
