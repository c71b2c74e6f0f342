def f(*args, **kwargs):
    return args, kwargs


for call in (lambda: f(*5), lambda: f(**[1, 2]), lambda: f(**{1: "one"}), lambda: f(*None)):
    try:
        call()
    except TypeError as e:
        print(type(e).__name__, e)
