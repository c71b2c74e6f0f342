async def value():
    return 5


async def main():
    c = value()
    first = await c
    print("first", first)
    second = await c
    print("second", second)


m = main()
m.send(None)
