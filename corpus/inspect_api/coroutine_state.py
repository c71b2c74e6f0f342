import inspect


async def job():
    return 5


c = job()
print(inspect.getcoroutinestate(c))
try:
    c.send(None)
except StopIteration as stop:
    print("returned:", stop.value)
print(inspect.getcoroutinestate(c))
d = job()
d.close()
print("closed before start:", inspect.getcoroutinestate(d))
print("locals:", inspect.getcoroutinelocals(d))
