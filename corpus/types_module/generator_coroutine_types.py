import types


def gen():
    yield 1


async def coro():
    return 1


g = gen()
c = coro()
print("generator:", isinstance(g, types.GeneratorType), isinstance(g, types.CoroutineType))
print("coroutine:", isinstance(c, types.CoroutineType), isinstance(c, types.GeneratorType))
print("names:", types.GeneratorType.__name__, types.CoroutineType.__name__)
print("code flags differ:", g.gi_code.co_flags != c.cr_code.co_flags)
print("repr:", repr(g).split(" at ")[0], repr(c).split(" at ")[0])
print("genexpr:", isinstance((x for x in []), types.GeneratorType))
c.close()
print("closed coroutine frame:", c.cr_frame)
