def risky(n):
    return [1, 2, 3][n]


def wrapper(n):
    try:
        return risky(n)
    except IndexError as e:
        print("logging:", repr(e))
        raise


print(wrapper(1))
wrapper(10)
