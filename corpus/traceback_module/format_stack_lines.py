import traceback


def helper():
    return traceback.format_stack()


def caller():
    x = (
        helper()
    )
    return x


entries = caller()
print(len(entries))
for entry in entries:
    print(entry.replace(__file__, "FILE"), end="")
