# A generator's finally that raises while the caller handles an exception: the new exception's
# __context__ is the one the generator was handling (GeneratorExit from close(), an exception
# it raised, or one thrown into it), not the caller's, once it propagates out of the
# generator; an exception thrown into a generator gets no __context__ of its own.
import traceback


def gen(fail=False):
    try:
        yield 1
        if fail:
            raise KeyError("k")
    finally:
        undefined_name


def chain(e):
    out = []
    while e is not None:
        out.append(type(e).__name__)
        e = e.__context__
    return " <- ".join(out)


def show(step):
    try:
        raise ValueError("outer")
    except ValueError:
        try:
            step()
        except NameError as e:
            print(chain(e))
            traceback.print_exc()


g = gen()
next(g)
show(g.close)

g = gen(fail=True)
next(g)
show(lambda: next(g))

g = gen()
next(g)
show(lambda: g.throw(TypeError("t")))


def early_return():
    for x in gen():
        return x


show(early_return)


def via_list():
    return list(x for x in gen())


show(via_list)

g = gen()
next(g)
try:
    raise ValueError("v")
except ValueError:
    g.close()
