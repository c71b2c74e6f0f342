import sys


def work(n):
    frame = sys._getframe()
    total = 0
    for i in range(n):
        total += i
    status = "finished"
    return frame


f = work(5)
print("code:", f.f_code.co_name)
print("final locals:", sorted((k, v) for k, v in f.f_locals.items() if k != "frame"))
print("last line:", f.f_lineno)
g = work(3)
print("separate frame per call:", f is not g, g.f_locals["total"])
