import inspect
def demo():
    frame = inspect.currentframe()
    print("Function:", frame.f_code.co_name)
    print("Locals:", frame.f_locals)
def add(a, b):
    frame = inspect.currentframe()
    print("Arguments:", frame.f_locals)
    return a + b
def counter():
    x = 0
    x += 1
    return x
def inner():
    return "done"
def outer():
    return inner()
async def async_fn():
    return "async result"
def level_one():
    level_two()
def level_two():
    stack = inspect.stack()
    for frame in stack:
        print(frame.function)
demo()
add(2, 3)
counter()
counter()
print(outer())
print(async_fn())
level_one()
