import types


@types.coroutine
def checkpoint():
    yield "checkpoint"


async def guarded():
    try:
        await checkpoint()
        await checkpoint()
    except ValueError as e:
        print("guarded handled", e)
        return "handled"
    finally:
        print("guarded finally")


c = guarded()
print(c.send(None))
try:
    c.throw(ValueError("injected"))
except StopIteration as e:
    print("returned", e.value)

d = guarded()
d.send(None)
d.close()
print("closed", d.cr_frame)
e = guarded()
e.send(None)
e.throw(KeyError("unhandled"))
