import sys


def f():
    return __name__


print("__name__:", __name__)
print("from a function:", f())
print("f.__module__:", f.__module__)
print("sys module name:", sys.__name__)
print("main module is this one:", sys.modules["__main__"].__dict__ is globals())
if __name__ == "__main__":
    print("running as a script")
