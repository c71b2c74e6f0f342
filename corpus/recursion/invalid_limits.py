import sys

for value in (0, -5, 2.5, "100"):
    try:
        sys.setrecursionlimit(value)
        print("accepted", value)
    except (ValueError, TypeError) as e:
        print(repr(value), "->", type(e).__name__, e)
print("limit:", sys.getrecursionlimit())
