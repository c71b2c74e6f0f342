import inspect


def demo():
    frame = inspect.currentframe()
    label = "inside demo"
    print("Function:", frame.f_code.co_name)
    print("Locals:", {k: v for k, v in frame.f_locals.items() if k != "frame"})
    print("Caller:", frame.f_back.f_code.co_name)


def add(a, b):
    frame = inspect.currentframe()
    print("Arguments:", {k: v for k, v in frame.f_locals.items() if k != "frame"})
    return a + b


demo()
result = add(2, 3)
print("result:", result)
print("add(b=1, a=2):", add(b=1, a=2))
