import types


class Box:
    def __init__(self, v):
        self.v = v


def get(self):
    return self.v


b = Box(3)
b.get = types.MethodType(get, b)
print("get:", b.get())
print("bound to b:", b.get.__self__ is b)
print("plain function attribute not bound:", isinstance(Box.__init__, types.FunctionType))
print("bound __init__:", isinstance(b.__init__, types.MethodType), b.__init__.__func__ is Box.__init__)
other = Box(9)
print("other has no get:", hasattr(other, "get"))
