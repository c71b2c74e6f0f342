class ReturnsInt:
    def __await__(self):
        return 5


class ReturnsCoroutine:
    def __await__(self):
        return helper()


async def helper():
    return 1


class Good:
    def __await__(self):
        return iter(["step"])


async def use(obj):
    return await obj


for obj in [ReturnsInt(), ReturnsCoroutine(), Good(), None]:
    c = use(obj)
    try:
        print("yielded", c.send(None))
        c.send(None)
    except StopIteration as e:
        print("returned", e.value)
    except TypeError as e:
        print(type(obj).__name__, "->", e)
