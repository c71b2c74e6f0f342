import sys


def probe():
    return sys._getframe().f_code


def other():
    return sys._getframe().f_code


print("probe f_code is probe.__code__:", probe() is probe.__code__)
print("other f_code is probe.__code__:", other() is probe.__code__)
print("names:", probe().co_name, other().co_name)
print("module code name:", sys._getframe().f_code.co_name)
