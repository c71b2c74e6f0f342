import sys


async def tick(i):
    return i


for i in range(3):
    print("iteration", i, file=sys.stderr)
    tick(i)


def elsewhere():
    tick(99)


elsewhere()
elsewhere()
print("done", file=sys.stderr)
