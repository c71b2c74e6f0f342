def worker():
    print("start")
    try:
        yield 1
    except KeyError:
        print("never")
    yield 2


def drive():
    g = worker()
    next(g)
    g.throw(ValueError("thrown in"))


drive()
