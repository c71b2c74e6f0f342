def f(a, b):
    return a * b + len(a)


first = f.__code__.co_firstlineno
positions = list(f.__code__.co_positions())
print("one per code unit:", len(positions) == len(f.__code__.co_code) // 2)
distinct = []
for p in positions:
    if p[0] is not None:
        rel = (p[0] - first, p[1] - first, p[2], p[3])
        if rel not in distinct:
            distinct.append(rel)
for rel in distinct:
    print(rel)
