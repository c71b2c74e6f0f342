# Deep recursion near the default limit (1000), many times over.
import sys

# Work multiplier: 1 for the conformance suite, `bench_args` (sidecar) for `pyref-harness bench`.
SCALE = int(sys.argv[1]) if len(sys.argv) > 1 else 1


def depth(n):
    if n == 0:
        return 0
    return depth(n - 1) + 1


def walk(n, acc):
    if n == 0:
        return acc
    return walk(n - 1, acc + n)


total = 0
for _ in range(15 * SCALE):
    total += depth(990)
    total += walk(980, 0)
try:
    depth(5000)
except RecursionError as e:
    print(type(e).__name__, e)
print(total)
