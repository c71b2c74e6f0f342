import types


def describe(self, suffix=""):
    return "self is " + repr(self) + suffix


bound = types.MethodType(describe, 5)
print(bound())
print(bound("!"))
print("__self__:", bound.__self__, "__func__ is describe:", bound.__func__ is describe)
print("repr:", repr(bound).split(" at ")[0])
print("isinstance:", isinstance(bound, types.MethodType))
print("name:", bound.__name__, bound.__qualname__)
print("equal:", bound == types.MethodType(describe, 5))
types.MethodType(describe)
