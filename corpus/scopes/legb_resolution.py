print("builtin: len('abc') =", len("abc"))

len = "global len"


def outer():
    len = "enclosing len"

    def inner():
        len = "local len"
        print("inner sees:", len)

    def middle():
        print("middle sees:", len)

    inner()
    middle()


def top():
    print("top sees:", len)


outer()
top()
del len
print("after del, builtin again:", len("abc"))
