# Exceptions raised deep in the call stack and caught several frames up; try/finally.
import sys

# Work multiplier: 1 for the conformance suite, `bench_args` (sidecar) for `pyref-harness bench`.
SCALE = int(sys.argv[1]) if len(sys.argv) > 1 else 1


class AppError(Exception):
    pass


def level3(i):
    if i % 3 == 0:
        raise AppError(i)
    if i % 3 == 1:
        raise KeyError(i)
    return i


def level2(i):
    try:
        return level3(i)
    finally:
        pass


def level1(i):
    return level2(i) + 1


caught = {"app": 0, "key": 0, "none": 0}
for i in range(3000 * SCALE):
    try:
        level1(i)
        caught["none"] += 1
    except AppError:
        caught["app"] += 1
    except KeyError as e:
        caught["key"] += e.args[0] % 2
d = {}
misses = 0
for i in range(3000 * SCALE):
    try:
        d[i % 10]
    except KeyError:
        d[i % 10] = i
        misses += 1
print(caught, misses)
