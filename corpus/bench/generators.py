# Generators: pipelines of generator functions, generator expressions, send().
import sys

# Work multiplier: 1 for the conformance suite, `bench_args` (sidecar) for `pyref-harness bench`.
SCALE = int(sys.argv[1]) if len(sys.argv) > 1 else 1


def count_up(n):
    i = 0
    while i < n:
        yield i
        i += 1


def evens(it):
    for x in it:
        if x % 2 == 0:
            yield x


def squares(it):
    for x in it:
        yield x * x


def accumulator():
    total = 0
    while True:
        x = yield total
        total += x


total = 0
for v in squares(evens(count_up(12000 * SCALE))):
    total += v
total += sum(x * 3 for x in range(6000 * SCALE) if x % 3)
acc = accumulator()
next(acc)
for i in range(4000 * SCALE):
    r = acc.send(i)
print(total, r)
