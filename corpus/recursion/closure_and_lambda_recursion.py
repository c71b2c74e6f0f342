fact = lambda n: 1 if n <= 1 else n * fact(n - 1)


def make_fib():
    def fib(n):
        return n if n < 2 else fib(n - 1) + fib(n - 2)
    return fib


fib = make_fib()
print("fact(12) =", fact(12))
print("fib(20) =", fib(20))
print("fib is a closure over itself:", fib.__code__.co_freevars)
print("fib cell holds fib:", fib.__closure__[0].cell_contents is fib)
