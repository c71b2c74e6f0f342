def make_counter():
    count = 0

    def inc():
        count += 1
        return count

    return inc


counter = make_counter()
counter()
