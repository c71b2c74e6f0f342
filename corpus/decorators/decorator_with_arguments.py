def repeat(times, sep="-"):
    def deco(fn):
        def wrapper(*args):
            return sep.join(fn(*args) for _ in range(times))
        return wrapper
    return deco


@repeat(3)
def word(w):
    return w


@repeat(2, sep=" + ")
def shout(w):
    return w.upper()


print(word("ho"))
print(shout("hey"))
print(repeat(4, "")(lambda: "x")())
