def outer():
    x = "outer"

    def middle():
        def inner():
            nonlocal x
            x = "changed by inner"
        inner()
        print("middle sees:", x)

    middle()
    print("outer sees:", x)


outer()
