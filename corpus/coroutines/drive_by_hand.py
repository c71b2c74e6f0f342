class Pause:
    def __init__(self, label):
        self.label = label

    def __await__(self):
        reply = yield self.label
        return f"{self.label}->{reply}"


async def step(n):
    a = await Pause(f"step{n}a")
    b = await Pause(f"step{n}b")
    return [a, b]


async def main():
    r1 = await step(1)
    r2 = await step(2)
    return r1 + r2


coro = main()
value = None
count = 0
while True:
    try:
        yielded = coro.send(value)
    except StopIteration as stop:
        print("final:", stop.value)
        break
    print("yielded:", yielded)
    count += 1
    value = count
