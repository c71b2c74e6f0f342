import inspect

NAME = __file__.rsplit("/", 1)[-1]


def probe():
    info = inspect.stack()[0]
    print("type:", type(info).__name__, "is tuple:", isinstance(info, tuple))
    print("len:", len(info))
    print("by index:", info[2], info[3], info[5])
    frame, filename, lineno, function, context, index = info
    print("fields:", function, lineno, index, context)
    print("frame field:", info.frame is frame, "filename:", filename == __file__)
    print("slice:", info[2:4])
    print("positions:", info.positions)
    text = repr(info).replace(__file__, NAME)
    print(text)


probe()
