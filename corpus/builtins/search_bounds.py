# The optional start/end bounds of list.index, tuple.index and str's find, rfind, index,
# count, startswith and endswith: slice-style adjustment, __index__ bounds, CPython's errors.


class At:
    def __init__(self, n):
        self.n = n

    def __index__(self):
        return self.n


def attempt(label, thunk):
    try:
        result = thunk()
    except (TypeError, ValueError) as e:
        print(f"{label}: {type(e).__name__}: {e}")
    else:
        print(f"{label}: {result!r}")


queue = ["ann", "bob", "cid", "bob", "ann"]
attempt("index('bob')", lambda: queue.index("bob"))
attempt("index('bob', 2)", lambda: queue.index("bob", 2))
attempt("index('ann', -2)", lambda: queue.index("ann", -2))
attempt("index('cid', 0, 2)", lambda: queue.index("cid", 0, 2))
attempt("index('ann', 1, -1)", lambda: queue.index("ann", 1, -1))
attempt("index('bob', At(2), 10**30)", lambda: queue.index("bob", At(2), 10**30))
attempt("tuple index('ann', 1)", lambda: tuple(queue).index("ann", 1))
attempt("tuple index('ann', 1, 4)", lambda: tuple(queue).index("ann", 1, 4))
attempt("index('bob', None)", lambda: queue.index("bob", None))
attempt("index('bob', 1.0)", lambda: queue.index("bob", 1.0))
attempt("index(start=1)", lambda: queue.index("bob", start=1))

line = "key=value; key=other"
for method in ("find", "rfind", "count", "index"):
    for args in [("key",), ("key", 1), ("key", -6), ("key", 0, 5), ("=", 4, 8), ("", 20), ("", 21), ("", 5, 3)]:
        attempt(f"{method}{args}", lambda: getattr(line, method)(*args))
attempt("find('key', At(1))", lambda: line.find("key", At(1)))
attempt("find('key', 1.5)", lambda: line.find("key", 1.5))
attempt("find(3, 1.5)", lambda: line.find(3, 1.5))
attempt("find()", lambda: line.find())
attempt("find('k', 0, 1, 2)", lambda: line.find("k", 0, 1, 2))

path = "/usr/lib/python3.11/os.py"
attempt("startswith('lib', 5)", lambda: path.startswith("lib", 5))
attempt("startswith('/usr', 1)", lambda: path.startswith("/usr", 1))
attempt("endswith('python', 0, 15)", lambda: path.endswith("python", 0, 15))
attempt("endswith(('.pyc', '.py'), -3)", lambda: path.endswith((".pyc", ".py"), -3))
attempt("startswith('', 25)", lambda: path.startswith("", 25))
attempt("startswith('', 26)", lambda: path.startswith("", 26))
attempt("startswith('usr', At(1), At(4))", lambda: path.startswith("usr", At(1), At(4)))
attempt("startswith()", lambda: path.startswith())
attempt("'7'.zfill(At(3))", lambda: "7".zfill(At(3)))
attempt("'a b c'.split(' ', 1, 2)", lambda: "a b c".split(" ", 1, 2))
attempt("[].count()", lambda: [].count())
attempt("().count()", lambda: ().count())
