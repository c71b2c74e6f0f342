import sys


def gen():
    me = sys._getframe()
    print("running, f_back is caller:", me.f_back.f_code.co_name)
    yield me
    print("resumed, f_back is:", me.f_back.f_code.co_name)
    yield 2


def driver():
    g = gen()
    frame = next(g)
    print("suspended f_back:", frame.f_back)
    print("frame is gi_frame:", frame is g.gi_frame)
    return g, frame


def resumer(g):
    next(g)


g, frame = driver()
resumer(g)
print("suspended again f_back:", frame.f_back)
