import inspect


def deepest(d):
    return d["missing"]


def middle():
    return deepest({})


try:
    middle()
except KeyError as e:
    inner = inspect.getinnerframes(e.__traceback__, context=1)
    for info in inner:
        print(info.function, info.lineno, info.code_context[0].strip())
    print("last frame locals:", inner[-1].frame.f_locals)
    print("positions:", inner[-1].positions)
