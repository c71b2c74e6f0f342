items = [1, 2, 3]
g = (x * 10 for x in items)
items = [7, 8]
print(list(g))

n = 2
h = (x + n for x in range(3))
n = 100
print(list(h))

bad = (1 // x for x in [1, 0])
print(next(bad))
try:
    range_gen = (y for y in 5)
except TypeError as e:
    print("eager:", e)
print(next(bad))
