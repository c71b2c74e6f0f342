def gen(name):
    try:
        print(name, "started")
        yield 1
        yield 2
    except GeneratorExit:
        print(name, "got GeneratorExit")
        raise
    finally:
        print(name, "finally")


g = gen("g")
next(g)
print("closing")
g.close()
print("closed")

u = gen("unstarted")
u.close()
print("unstarted closed, frame:", u.gi_frame)

d = gen("done")
print(list(d))
d.close()
print("end")
