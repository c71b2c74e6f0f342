def average(values):
    return sum(values) / len(values)


def report(groups):
    for name, values in groups:
        print(name, average(values))


def main():
    report([("a", [1, 2, 3]), ("b", [])])


main()
