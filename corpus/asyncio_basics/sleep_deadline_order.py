import asyncio

order = []


async def sleeper(name, delay):
    await asyncio.sleep(delay)
    order.append(name)
    print("woke", name)
    return name


async def main():
    tasks = [
        asyncio.create_task(sleeper("c", 0.03)),
        asyncio.create_task(sleeper("a", 0.01)),
        asyncio.create_task(sleeper("zero", 0)),
        asyncio.create_task(sleeper("b", 0.02)),
    ]
    print("gathered", await asyncio.gather(*tasks))
    print(order)
    print(await asyncio.sleep(0.01, result="sleep result"))


asyncio.run(main())
