import traceback


def lookup(table, key):
    return table[key]


try:
    lookup({"a": 1}, "b")
except KeyError:
    text = traceback.format_exc()
print(type(text).__name__, text.count("\n"))
print(text.replace(__file__, "FILE"), end="")
print("limit=1:")
try:
    lookup({}, 0)
except KeyError:
    print(traceback.format_exc(limit=1).replace(__file__, "FILE"), end="")
