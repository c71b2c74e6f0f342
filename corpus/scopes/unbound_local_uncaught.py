total = 10


def report():
    print("total is", total)
    total = 0


def main():
    report()


main()
