class Counter:
    def __init__(self, n):
        self.n = n

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.n == 0:
            raise StopAsyncIteration
        self.n -= 1
        return self.n


class SyncOnly:
    def __aiter__(self):
        return self

    def __anext__(self):
        return 7


async def loop(it, stop_at=None):
    seen = []
    async for x in it:
        if x == stop_at:
            break
        seen.append(x)
    else:
        seen.append("else")
    return seen


def drive(c):
    try:
        c.send(None)
    except StopIteration as e:
        print("result:", e.value)
    except TypeError as e:
        print("TypeError:", e)


drive(loop(Counter(3)))
drive(loop(Counter(5), stop_at=2))
drive(loop([1, 2]))
drive(loop(SyncOnly()))


async def body_raises():
    async for x in Counter(2):
        raise ValueError(f"body saw {x}")


drive(body_raises())
