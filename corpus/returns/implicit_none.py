def no_return():
    x = 1


def bare_return():
    return


def maybe(flag):
    if flag:
        return "yes"


print(no_return(), bare_return(), maybe(True), maybe(False))
print(type(no_return()).__name__)
