import warnings


def show(message, category, filename, lineno, file=None, line=None):
    print("custom:", category.__name__, message, lineno, filename.rsplit("/", 1)[-1])


warnings.showwarning = show
warnings.warn("routed", UserWarning)
print(warnings.formatwarning("text", UserWarning, "prog.py", 3, "x = 1"), end="")


async def coro():
    pass


coro()
print("end")
