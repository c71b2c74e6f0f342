def first():
    pass


def deco(fn):
    return fn


@deco
def decorated():
    pass


lam = (
    lambda: 0
)
print("first:", first.__code__.co_firstlineno)
print("decorated:", decorated.__code__.co_firstlineno)
print("lambda:", lam.__code__.co_firstlineno)
print("deco:", deco.__code__.co_firstlineno)
