def logged(fn):
    def wrapper(*args):
        print("calling", fn.__name__)
        return fn(*args)


@logged
def square(x):
    return x * x


print("square is", square)
print(square(4))
