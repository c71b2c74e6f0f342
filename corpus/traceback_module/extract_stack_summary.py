import traceback

NAME = __file__.rsplit("/", 1)[-1]


def where():
    return traceback.extract_stack()


def middle():
    return where()


stack = middle()
print(type(stack).__name__, len(stack))
for fs in stack:
    print(type(fs).__name__, fs.name, fs.lineno, repr(fs.line))
    print("   ", repr(fs).replace(__file__, NAME))
last = stack[-1]
filename, lineno, name, line = last
print("unpacked:", lineno, name, line, len(last))
print("end positions:", last.end_lineno, last.colno, last.end_colno)
