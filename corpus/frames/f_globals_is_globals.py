import inspect
import sys

marker = "module value"


def check():
    frame = inspect.currentframe()
    print("function f_globals is globals():", frame.f_globals is globals())
    print("marker via f_globals:", frame.f_globals["marker"])
    print("f_locals is f_globals:", frame.f_locals is frame.f_globals)


check()
top = sys._getframe()
print("module f_globals is globals():", top.f_globals is globals())
print("module f_locals is f_globals:", top.f_locals is top.f_globals)
