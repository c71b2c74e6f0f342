NAME = __file__.rsplit("/", 1)[-1]


def show(code):
    text = repr(code)
    if code.co_filename == __file__:
        text = text.replace(__file__, NAME)
    print(text)


def outer():
    def inner():
        pass

    return inner


show(outer.__code__)
show(outer().__code__)
show((lambda: 0).__code__)
show(compile("1 + 1", "<snippet>", "eval"))
show(compile("\n\nx = 1", "text.py", "exec"))
