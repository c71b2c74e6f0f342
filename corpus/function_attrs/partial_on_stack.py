import functools
import inspect


def report(prefix, value, *, sep=":"):
    names = [info.function for info in inspect.stack()]
    print(prefix + sep, value, names)
    return value


p = functools.partial(report, "p", sep="=")
print(p.func is report, p.args, p.keywords)
p(1)


def caller():
    return p(2)


caller()
nested = functools.partial(p, 3)
print("flattened:", nested.func is report, nested.args)
nested()
