import builtins

zeta = 1
alpha = 2


def mid():
    pass


print([n for n in dir() if not n.startswith("__")])
print("dir() == sorted(globals()):", dir() == sorted(globals()))
print("dir(builtins) has len:", "len" in dir(builtins))
