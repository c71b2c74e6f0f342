# 3.11 quickens a code object at its 8th RESUME/JUMP_BACKWARD; until then its calls of
# builtins such as next() or getattr() take the generic path, which charges a recursion level
# that the specialized call skips. Module-level code (run once) never quickens, and a call
# through CALL_FUNCTION_EX (f(*args)) never specializes. Calling a generator function needs
# one free level (its frame runs up to RETURN_GENERATOR).
import sys

sys.setrecursionlimit(60)
depth = 0


def gen():
    global depth
    depth += 1
    yield next(gen())


try:
    next(gen())
except RecursionError as e:
    print("gen/next", depth, e)


class A:
    def __getattr__(self, k):
        global depth
        depth += 1
        return getattr(self, k)


depth = 0
try:
    A().x
except RecursionError as e:
    print("__getattr__/getattr", depth, e)


def via_star(n):
    global depth
    depth += 1
    return next(*[iter([via_star(n)])])


depth = 0
try:
    via_star(1)
except RecursionError as e:
    print("next(*args)", depth, e)


def looped(n):
    global depth
    depth += 1
    for _ in (0, 1, 2, 3, 4, 5, 6, 7, 8, 9):
        pass
    return next(iter([looped(n)]))


depth = 0
try:
    looped(1)
except RecursionError as e:
    print("warmed by a loop", depth, e)


def g():
    global depth
    depth += 1
    yield next(g2())


def g2():
    return g()


depth = 0
try:
    next(g())
except RecursionError as e:
    print("generator call at the limit", depth, e)

depth = 0
try:
    next(gen())
except RecursionError as e:
    print("gen/next again (quickened)", depth, e)


def gen3():
    yield next(gen3())


next(gen3())
