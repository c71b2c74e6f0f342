import asyncio


async def named():
    t = asyncio.current_task()
    return t.get_name()


async def main(label):
    names = [asyncio.current_task().get_name()]
    names += await asyncio.gather(named(), named())
    t = asyncio.create_task(named(), name=label)
    names.append(await t)
    return names


print(asyncio.run(main("first")))
print(asyncio.run(main("second")))
print(asyncio.run(named()))
