def chain(*its):
    for it in its:
        r = yield from it
        print("sub returned", r)


print(list(chain([1, 2], "ab", range(2), (x * x for x in range(3)))))


def deep(n):
    if n:
        yield n
        yield from deep(n - 1)


print(list(deep(4)))
