print("defining")


def window(start, end=start + 10):
    return start, end


print(window(1))
