import builtins
import sys

f = sys._getframe()
print("f_builtins is builtins.__dict__:", f.f_builtins is builtins.__dict__)
print("len found there:", f.f_builtins["len"] is len)


def inner():
    return sys._getframe().f_builtins


print("same in a function:", inner() is f.f_builtins)
