def gen():
    try:
        next(me)
    except ValueError as e:
        print("inner:", e)
    yield "ok"
    next(me)


me = gen()
print(next(me))
next(me)
