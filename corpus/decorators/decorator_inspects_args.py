def ints_only(fn):
    def wrapper(*args):
        for i, a in enumerate(args):
            if not isinstance(a, int):
                raise TypeError(f"{fn.__name__}() argument {i} must be int, not {type(a).__name__}")
        return fn(*args)
    return wrapper


@ints_only
def gcd(a, b):
    while b:
        a, b = b, a % b
    return a


print(gcd(48, 18))
print(gcd(48, 18.0))
