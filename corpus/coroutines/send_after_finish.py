async def quick():
    return "fast"


c = quick()
try:
    c.send(None)
except StopIteration as e:
    print("first send:", e.value)
try:
    c.send(None)
except RuntimeError as e:
    print("second send:", e)
c.send(None)
