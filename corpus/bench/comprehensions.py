# Comprehensions: list, dict, set and nested comprehensions, with conditions.

total = 0
for r in range(300):
    squares = [x * x for x in range(1000)]
    odd = [x for x in squares if x & 1]
    table = {x: x % 7 for x in range(500)}
    seen = {v for v in table.values()}
    grid = [[i * j for j in range(20)] for i in range(20)]
    total += len(odd) + sum(seen) + grid[19][19] + table[499]
print(total)
