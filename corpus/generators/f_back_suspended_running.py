import sys


def gen():
    while True:
        f = sys._getframe()
        yield f.f_back.f_code.co_name


g = gen()


def first():
    return next(g)


def second():
    return g.send(None)


print(first())
print(second())
print(next(g))
print("suspended f_back:", g.gi_frame.f_back)
print(g.gi_frame.f_code.co_name)
