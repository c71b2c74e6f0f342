import sys

total = 0
frames = []


def counter():
    global total
    x = 0
    x += 1
    total += x
    frames.append(sys._getframe())
    return x


print(counter(), counter())
print("distinct frames:", frames[0] is not frames[1])
print("each frame's x:", [f.f_locals["x"] for f in frames])
print("global total:", total)


def make_counter():
    x = 0

    def counter():
        nonlocal x
        x += 1
        return x
    return counter


shared = make_counter()
print("closure counter:", shared(), shared(), shared())
