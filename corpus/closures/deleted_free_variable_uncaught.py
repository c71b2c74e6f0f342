def outer():
    data = [1, 2, 3]

    def show():
        return len(data)

    print("before del:", show())
    del data
    return show


f = outer()
print("calling after del")
f()
