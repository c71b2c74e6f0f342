# Comprehensions: list, dict, set and nested comprehensions, with conditions.
import sys

# Work multiplier: 1 for the conformance suite, `bench_args` (sidecar) for `pyref-harness bench`.
SCALE = int(sys.argv[1]) if len(sys.argv) > 1 else 1

total = 0
for r in range(30 * SCALE):
    squares = [x * x for x in range(1000)]
    odd = [x for x in squares if x & 1]
    table = {x: x % 7 for x in range(500)}
    seen = {v for v in table.values()}
    grid = [[i * j for j in range(20)] for i in range(20)]
    total += len(odd) + sum(seen) + grid[19][19] + table[499]
print(total)
