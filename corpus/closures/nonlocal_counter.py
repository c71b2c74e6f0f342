def make_counter(start=0):
    count = start

    def increment(step=1):
        nonlocal count
        count += step
        return count

    return increment


c = make_counter()
print(c(), c(), c(5))
d = make_counter(100)
print(d(), c())
