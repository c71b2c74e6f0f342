def counted(fn):
    calls = 0

    def wrapper(*args):
        nonlocal calls
        calls += 1
        wrapper.calls = calls
        return fn(*args)

    wrapper.calls = 0
    return wrapper


@counted
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(10))
print("calls:", fib.calls)
fib.calls = 0
print(fib(1), "calls now:", fib.calls)
