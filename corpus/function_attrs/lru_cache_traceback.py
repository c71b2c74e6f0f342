import functools


@functools.lru_cache(maxsize=None)
def fib(n):
    if n == 3:
        raise ValueError("three is unlucky")
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(2), fib.cache_info())
print("wrapped code:", fib.__wrapped__.__code__.co_name)
fib(5)
