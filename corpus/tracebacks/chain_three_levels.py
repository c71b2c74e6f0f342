def level3():
    return {}["key"]


def level2():
    try:
        level3()
    except KeyError:
        return int("x")


def level1():
    try:
        level2()
    except ValueError:
        return 1 / 0


level1()
