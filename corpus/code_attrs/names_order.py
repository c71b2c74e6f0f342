import sys


def f(obj):
    total = len(obj)
    obj.append(total)
    print(sys.version_info.major > 2)
    global counter
    counter = max(total, obj.count(0))
    return obj.sort


print("co_names:", f.__code__.co_names)
counter = 0


def g():
    return [zed for zed in range(3) if abs(zed)]


print("g co_names:", g.__code__.co_names)
print("listcomp co_names:", [c for c in g.__code__.co_consts if hasattr(c, "co_names")][0].co_names)
