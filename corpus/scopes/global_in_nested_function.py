name = "module"


def outer():
    name = "outer local"

    def inner():
        global name
        name = "set by inner"

    inner()
    print("outer local unchanged:", name)


outer()
print("module name:", name)
