import types


@types.coroutine
def pause(v):
    return (yield v)


class NoAexit:
    async def __aenter__(self):
        return self


class BadEnter:
    def __aenter__(self):
        return 42

    async def __aexit__(self, *a):
        return False


class Tracked:
    def __init__(self, name):
        self.name = name

    async def __aenter__(self):
        await pause(f"enter {self.name}")
        return self.name

    async def __aexit__(self, et, ev, tb):
        await pause(f"exit {self.name} {et.__name__ if et else None}")
        return False


async def nested():
    async with Tracked("a") as a, Tracked("b") as b:
        print("body", a, b)
        return "from body"


async def run(mgr):
    async with mgr:
        pass


def drive(c):
    try:
        while True:
            print("yield:", c.send(None))
    except StopIteration as e:
        print("return:", e.value)
    except TypeError as e:
        print("TypeError:", e)


drive(nested())
drive(run(NoAexit()))
drive(run(object()))
drive(run(BadEnter()))
