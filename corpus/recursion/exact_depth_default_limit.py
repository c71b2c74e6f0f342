import sys

depth = 0
max_depth = 0


def go():
    global depth, max_depth
    depth += 1
    if depth > max_depth:
        max_depth = depth
    go()


try:
    go()
except RecursionError as e:
    print("caught:", e)
print("limit:", sys.getrecursionlimit())
print("deepest go() frame:", max_depth)
