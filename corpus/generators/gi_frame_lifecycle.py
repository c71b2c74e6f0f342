def gen():
    yield 1
    x = 10
    yield x
    return "done"


g = gen()
print(g.gi_frame is not None, g.gi_frame.f_lineno, g.gi_frame.f_lasti)
print(next(g), g.gi_frame.f_lineno)
print(next(g), g.gi_frame.f_lineno, g.gi_frame.f_locals)
try:
    next(g)
except StopIteration as e:
    print("stop", e.value)
print(g.gi_frame)
print(g.gi_frame is None, g.gi_running)
