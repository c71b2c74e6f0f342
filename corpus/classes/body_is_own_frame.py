import sys


def where():
    f = sys._getframe(1)
    return f.f_code.co_name, f.f_back.f_code.co_name


class Outer:
    print("body frame:", sys._getframe().f_code.co_name)
    print("called from:", where())
    x = 1
    y = x + 1
    print("locals:", sorted(k for k in locals() if not k.startswith("__")))
    print("module:", __module__, "qualname:", __qualname__)

    class Inner:
        print("inner body:", sys._getframe().f_code.co_name, __qualname__)
        print("inner back:", sys._getframe().f_back.f_code.co_name)


print(Outer.y, Outer.Inner.__qualname__)
print(sorted(k for k in vars(Outer) if not k.startswith("__")))
