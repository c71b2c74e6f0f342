async def wrong():
    return await 5


async def also_wrong():
    class NoAwait:
        pass

    return await NoAwait()


c = also_wrong()
try:
    c.send(None)
except TypeError as e:
    print(e)
wrong().send(None)
