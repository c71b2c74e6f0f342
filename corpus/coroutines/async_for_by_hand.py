class Ticker:
    def __init__(self, n):
        self.i = 0
        self.n = n

    def __aiter__(self):
        print("aiter")
        return self

    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        return self.i


async def collect():
    out = []
    async for v in Ticker(3):
        out.append(v)
    else:
        out.append("else")
    return out


c = collect()
try:
    c.send(None)
except StopIteration as e:
    print(e.value)
