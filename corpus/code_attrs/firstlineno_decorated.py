def deco(fn):
    return fn


@deco
@deco
def decorated():
    pass


def plain():
    pass


lam = (
    lambda: 0
)
print("decorated:", decorated.__code__.co_firstlineno)
print("plain:", plain.__code__.co_firstlineno)
print("lambda:", lam.__code__.co_firstlineno)
print("module:", compile("\n\npass", "x", "exec").co_firstlineno)
