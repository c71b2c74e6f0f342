import sys


def keep():
    a = [1, 2]
    b = "text"
    return sys._getframe()


frame = keep()
print("before clear:", sorted(frame.f_locals))
print("clear returns:", frame.clear())
print("after clear:", frame.f_locals)
print("code still there:", frame.f_code.co_name)
print("clear twice:", frame.clear())
