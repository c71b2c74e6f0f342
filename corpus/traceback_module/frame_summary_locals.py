import traceback


def work(count, label):
    items = list(range(count))
    raise ValueError(label)


try:
    work(2, "x")
except ValueError as e:
    te = traceback.TracebackException.from_exception(e, capture_locals=True)
    for fs in te.stack:
        print(fs.name, fs.lineno, fs.locals if fs.name != "<module>" else "(module)")
    print("".join(te.format_exception_only()), end="")
    print("exc_type:", te.exc_type.__name__)
