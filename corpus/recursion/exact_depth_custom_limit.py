import sys

count = 0


def probe():
    global count
    count += 1
    probe()


def measure(limit):
    global count
    sys.setrecursionlimit(limit)
    count = 0
    try:
        probe()
    except RecursionError:
        pass
    return count


for limit in (50, 100, 500, 2000):
    print(f"limit {limit}: probe depth {measure(limit)}")
