import types


@types.coroutine
def checkpoint(tag):
    try:
        yield tag
    finally:
        print("checkpoint finally", tag)


async def inner():
    try:
        await checkpoint("inner")
    except ValueError as e:
        print("inner handles", e)
        await checkpoint("after handling")
        return "inner recovered"


async def outer():
    r = await inner()
    print("outer got", r)
    await checkpoint("outer")


c = outer()
print(c.send(None))
print(c.throw(ValueError("first")))
print(c.send(None))
c.throw(KeyError("second"))
