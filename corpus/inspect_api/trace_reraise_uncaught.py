import inspect


def parse(text):
    return int(text)


def load(texts):
    return [parse(t) for t in texts]


def run():
    try:
        load(["1", "two"])
    except ValueError:
        names = [(info.function, info.lineno) for info in inspect.trace(context=0)]
        print("trace:", names)
        print("outer:", [info.function for info in inspect.stack(0)])
        raise


run()
