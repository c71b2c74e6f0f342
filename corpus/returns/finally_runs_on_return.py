def fetch():
    try:
        print("in try")
        return "value from try"
    finally:
        print("in finally")


def count():
    x = 1
    try:
        return x
    finally:
        x = 2
        print("finally set x =", x)


print("got:", fetch())
print("got:", count())
