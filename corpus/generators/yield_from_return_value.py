def averager():
    total = count = 0
    while True:
        value = yield
        if value is None:
            return total / count
        total += value
        count += 1


def grouper(results, key):
    while True:
        results[key] = yield from averager()


results = {}
g = grouper(results, "x")
next(g)
for v in [10, 20, 60]:
    g.send(v)
g.send(None)
print(results)
for v in [1, 2]:
    g.send(v)
g.send(None)
print(results)
