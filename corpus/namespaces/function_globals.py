setting = "first"


def read():
    return setting


print("read.__globals__ is globals():", read.__globals__ is globals())
print(read())
setting = "second"
print(read())
read.__globals__["setting"] = "third"
print(read())
