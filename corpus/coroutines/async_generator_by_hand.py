async def agen():
    yield 1
    yield 2


g = agen()
print(type(g).__name__, g.__qualname__)
print(g.ag_running, g.ag_frame.f_code.co_name)


async def main():
    return [x async for x in agen()]


c = main()
try:
    c.send(None)
except StopIteration as e:
    print(e.value)
