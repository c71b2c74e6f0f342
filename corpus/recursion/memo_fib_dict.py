cache = {0: 0, 1: 1}
calls = 0


def fib(n):
    global calls
    calls += 1
    if n not in cache:
        cache[n] = fib(n - 1) + fib(n - 2)
    return cache[n]


print("fib(200) =", fib(200))
print("calls:", calls)
print("cache size:", len(cache))
