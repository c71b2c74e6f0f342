# Finalizers (a generator closed when its last reference goes, __del__) see the exception being
# handled where they run, as __context__ of what they raise; never one still propagating.
def gen():
    try:
        yield 1
    except GeneratorExit as e:
        print("ctx", repr(e.__context__))
try:
    raise KeyError(1)
except KeyError:
    g = gen(); next(g); del g
class A:
    def __del__(self):
        try:
            undefined
        except NameError as e:
            print("del ctx", repr(e.__context__))
try:
    raise KeyError(2)
except KeyError:
    a = A(); del a
def f():
    g = gen(); next(g)
    raise ValueError(3)
try:
    f()
except ValueError:
    pass
