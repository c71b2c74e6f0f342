import inspect


async def fetch(x):
    return x * 2


class Client:
    async def get(self):
        return 1


c = fetch(21)
print(c)
print(Client().get.__qualname__)
print(type(c).__name__, inspect.iscoroutine(c), inspect.iscoroutinefunction(fetch))
print(c.cr_code is fetch.__code__, c.cr_code.co_name, c.__qualname__)
print(bool(c.cr_code.co_flags & inspect.CO_COROUTINE))
print(c.cr_running, c.cr_await, c.cr_frame.f_code.co_name, c.cr_frame.f_lasti)
print(c.cr_frame.f_locals)
try:
    c.send(None)
except StopIteration as e:
    print("result", e.value)
print(c.cr_frame, c.cr_running)
