async def load(name):
    if name == "bad":
        raise LookupError(f"cannot load {name}")
    return name.upper()


async def load_all(names):
    out = []
    for n in names:
        out.append(await load(n))
    return out


async def main():
    print(await load_all(["a", "b"]))
    print(await load_all(["c", "bad"]))


coro = main()
coro.send(None)
