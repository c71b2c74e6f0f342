import traceback


def bottom():
    raise LookupError("deep")


def top():
    bottom()


try:
    top()
except LookupError as e:
    summary = traceback.extract_tb(e.__traceback__)
    for fs in summary:
        print(fs.name, fs.lineno, fs.line)
    print("limit=-1:", [fs.name for fs in traceback.extract_tb(e.__traceback__, limit=-1)])
    print("limit=2:", [fs.name for fs in traceback.extract_tb(e.__traceback__, limit=2)])
    print("format:", [s.replace(__file__, "FILE") for s in summary.format()][-1], end="")
