import sys

top = sys._getframe()
print("module frame code:", top.f_code.co_name)
print("f_back:", top.f_back)


def depth():
    n = 0
    frame = sys._getframe()
    while frame.f_back is not None:
        frame = frame.f_back
        n += 1
    return n


print("depth from function:", depth())
print(top.f_back.f_code)
