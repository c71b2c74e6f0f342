calls = 0


def counter():
    global calls
    calls += 1
    x = 0
    x += 1
    print(f"call {calls}: locals {sorted(locals().items())}")
    return x


print(counter(), counter(), counter())
print("calls:", calls)
