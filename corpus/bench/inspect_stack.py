# inspect.stack() and frame walking in a loop, a few frames deep.
import inspect
import sys

# Work multiplier: 1 for the conformance suite, `bench_args` (sidecar) for `pyref-harness bench`.
SCALE = int(sys.argv[1]) if len(sys.argv) > 1 else 1


def frames_names():
    return [fi.function for fi in inspect.stack(0)]


def walk_back():
    n = 0
    f = sys._getframe()
    while f is not None:
        n += f.f_lineno > 0
        f = f.f_back
    return n


def nest(k):
    if k == 0:
        return len(frames_names()) + walk_back()
    return nest(k - 1)


total = 0
for i in range(60 * SCALE):
    total += nest(i % 8)
print(total, frames_names())
