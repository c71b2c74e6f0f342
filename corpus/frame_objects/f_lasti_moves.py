import sys


def f():
    frame = sys._getframe()
    first = frame.f_lasti
    x = 0
    for i in range(3):
        x += i
    second = frame.f_lasti
    print("is int:", type(first) is int, type(second) is int)
    print("advanced:", second > first)
    print("even offsets:", first % 2 == 0, second % 2 == 0)
    return x


def gen():
    yield 1
    yield 2


g = gen()
print("fresh generator f_lasti is int:", type(g.gi_frame.f_lasti) is int)
next(g)
a = g.gi_frame.f_lasti
next(g)
b = g.gi_frame.f_lasti
print("generator lasti advanced:", b > a)
f()
