import inspect
import types


def gen():
    x = yield 1
    return x


wrapped = types.coroutine(gen)
print(wrapped is gen, bool(gen.__code__.co_flags & inspect.CO_ITERABLE_COROUTINE))


async def user():
    return await wrapped()


c = user()
print(inspect.iscoroutine(c), inspect.iscoroutinefunction(user))
print(c.send(None))
try:
    c.send("sent value")
except StopIteration as e:
    print("value:", e.value)
print(c.cr_code.co_name, bool(c.cr_code.co_flags & inspect.CO_COROUTINE))
