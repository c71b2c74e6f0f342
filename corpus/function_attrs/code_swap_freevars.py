def plain():
    return "plain"


def other():
    return "other"


def outer():
    x = 1

    def closure():
        return x

    return closure


plain.__code__ = other.__code__
print(plain(), plain.__name__)
plain.__code__ = outer().__code__
