def a():
    log = []
    total = 0

    def b():
        def c(v):
            nonlocal total
            total += v
            log.append(total)
        return c

    add = b()
    add(1)
    add(2)
    add(3)
    print("b freevars:", b.__code__.co_freevars)
    return total, log


print(a())
