import sys


def f():
    pass


print("function:", f.__code__.co_filename.split("/")[-1])
print("module frame:", sys._getframe().f_code.co_filename.split("/")[-1])
code = compile("x = 1", "<my snippet>", "exec")
print("compiled:", code.co_filename)
print("compiled name:", code.co_name)
