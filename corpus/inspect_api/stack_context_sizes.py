import inspect


def show(context):
    frames = inspect.stack(context)
    info = frames[0]
    print("context", context, "index", info.index)
    for line in info.code_context or []:
        print("   |" + line.rstrip())
    print("  caller:", frames[1].function, frames[1].lineno)


def caller():
    # a comment above
    show(0)
    show(1)
    show(3)
    show(5)
    # a comment below


caller()
