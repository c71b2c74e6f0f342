# Closures: cell reads and writes, nonlocal counters, closures built in a loop.
import sys

# Work multiplier: 1 for the conformance suite, `bench_args` (sidecar) for `pyref-harness bench`.
SCALE = int(sys.argv[1]) if len(sys.argv) > 1 else 1


def make_counter():
    count = 0

    def inc(step):
        nonlocal count
        count += step
        return count

    return inc


def make_adder(k):
    return lambda x: x + k


def compose(f, g):
    def h(x):
        return f(g(x))

    return h


total = 0
counter = make_counter()
for i in range(12000 * SCALE):
    total += counter(i & 3)
adders = [make_adder(k) for k in range(50)]
for _ in range(80 * SCALE):
    for add in adders:
        total = add(total) & 0xFFFFFF
pipeline = compose(make_adder(3), compose(make_adder(5), make_adder(7)))
for i in range(8000 * SCALE):
    total = (total + pipeline(i)) & 0xFFFFFF
print(total, counter(0))
