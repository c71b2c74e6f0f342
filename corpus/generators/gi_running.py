def gen():
    print("inside, running:", g.gi_running)
    yield 1
    print("inside again, running:", g.gi_running)
    yield 2


g = gen()
print("before start:", g.gi_running)
next(g)
print("suspended:", g.gi_running)
next(g)
print("suspended:", g.gi_running)
g.close()
print("closed:", g.gi_running, g.gi_frame)
