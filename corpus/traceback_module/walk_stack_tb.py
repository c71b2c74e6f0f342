import sys
import traceback


def deep():
    return [(f.f_code.co_name, lineno) for f, lineno in traceback.walk_stack(None)]


def shallow():
    return deep()


print("walk_stack:", shallow())


def fail():
    raise OSError("nope")


try:
    fail()
except OSError as e:
    pairs = list(traceback.walk_tb(e.__traceback__))
    print("walk_tb:", [(f.f_code.co_name, lineno) for f, lineno in pairs])
    print("frame types:", all(type(f).__name__ == "frame" for f, _ in pairs))
print("from frame:", [f.f_code.co_name for f, _ in traceback.walk_stack(sys._getframe())])
