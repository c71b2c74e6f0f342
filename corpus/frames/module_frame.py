import inspect

frame = inspect.currentframe()
print("name:", frame.f_code.co_name)
print("f_back:", frame.f_back)
print("line:", frame.f_lineno)


def inner():
    return inspect.currentframe().f_back


print("inner's caller is the module frame:", inner() is frame)
