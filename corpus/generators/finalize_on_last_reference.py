def gen(name):
    try:
        yield 1
        yield 2
    finally:
        print("finalize", name)


g = gen("a")
next(g)
print("dropping a")
del g
print("dropped a")

h = gen("b")
next(h)
h = gen("c")
print("rebound h")


def consume_one():
    local = gen("local")
    return next(local)


print(consume_one())
print("after function")
for x in gen("loop"):
    print("loop got", x)
    break
print("after break")
next(h)
print("end")
