def outer():
    v = 1

    def read():
        return v

    def bump():
        nonlocal v
        v += 10

    return read, bump


read, bump = outer()
print(read())
read.__closure__[0].cell_contents = 5
print(read())
bump()
print(read())
