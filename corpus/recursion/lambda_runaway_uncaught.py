loop = lambda n: loop(n + 1) * 2


def start():
    return loop(0)


start()
