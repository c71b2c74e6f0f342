import sys
import warnings


def check(i):
    warnings.warn("check called", UserWarning)
    warnings.warn(f"varying text {i}", UserWarning)
    return i


for i in range(3):
    print("iteration", i, file=sys.stderr)
    check(i)

warnings.simplefilter("always")
for i in range(2):
    print("always", i, file=sys.stderr)
    check(i)
warnings.simplefilter("once")
warnings.warn("check called", UserWarning)
check(5)
print("done", file=sys.stderr)
