def with_doc():
    "the docstring"
    a = 7
    b = "seven"
    c = (1, 2)
    return a, b, c, 7


def without_doc():
    x = 3.5
    return x, "s", None


def lit(c):
    return isinstance(c, (int, float, str, tuple)) or c is None


print("with_doc:", [c for c in with_doc.__code__.co_consts if lit(c)])
print("without_doc:", [c for c in without_doc.__code__.co_consts if lit(c)])
print("docstring first:", with_doc.__code__.co_consts[0] == with_doc.__doc__)
print("no doc:", without_doc.__doc__)
