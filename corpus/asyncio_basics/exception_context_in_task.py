import asyncio


async def lookup(table, key):
    await asyncio.sleep(0)
    try:
        return table[key]
    except KeyError:
        raise ValueError(f"no entry for {key!r}")


async def main():
    print(await lookup({"a": 1}, "a"))
    await lookup({}, "missing")


asyncio.run(main())
