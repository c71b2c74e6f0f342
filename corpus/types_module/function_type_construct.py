import types


def template(n):
    return base + n


g = {"base": 100}
made = types.FunctionType(template.__code__, g, "made", (5,))
print(made(1), made(), made.__name__, made.__defaults__)
print("globals:", made.__globals__ is g, made.__qualname__)


def outer():
    k = 3

    def inner():
        return k * 2

    return inner


code = outer().__code__
cell = types.CellType(21)
fresh = types.FunctionType(code, {}, None, None, (cell,))
print("closure fn:", fresh(), fresh.__name__)
types.FunctionType(code, {})
