import sys


async def compute():
    return 1


c = compute()
print("created", c.__name__, file=sys.stderr)
holder = [c]
del c
print("still referenced by the list", file=sys.stderr)
holder.pop()
print("popped", file=sys.stderr)
started = compute()
try:
    started.send(None)
except StopIteration as e:
    print("awaited by hand:", e.value, file=sys.stderr)
del started
print("no warning for the finished one", file=sys.stderr)
closed = compute()
closed.close()
del closed
print("closed one: none either", file=sys.stderr)
