def check(x):
    if x < 0:
        raise ValueError(f"negative: {x}")
    return x


def run():
    check(1)
    check(-1)


run()
