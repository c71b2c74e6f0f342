import inspect

NAME = __file__.rsplit("/", 1)[-1]


def target(x):
    frame = inspect.currentframe()
    info = inspect.getframeinfo(frame, context=3)
    print("type:", type(info).__name__)
    print("filename ok:", info.filename == __file__)
    print("lineno:", info.lineno, "function:", info.function, "index:", info.index)
    print("context:", [line.strip() for line in info.code_context])
    print("positions:", info.positions)
    print(repr(info).replace(__file__, NAME))
    filename, lineno, function, context, index = info
    print("unpacked:", lineno, function, index, len(info))


target(
    1
)
