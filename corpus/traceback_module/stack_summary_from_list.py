import traceback

summary = traceback.StackSummary.from_list([
    ("a.py", 1, "first", "x = 1"),
    ("b.py", 20, "second", "return x"),
    traceback.FrameSummary("c.py", 300, "third", line="raise Boom"),
])
print(type(summary).__name__, len(summary))
print("".join(summary.format()), end="")
fs = summary[2]
print(repr(fs), fs.line, fs.locals)
print("eq tuple:", fs == ("c.py", 300, "third", "raise Boom"))
lazy = traceback.FrameSummary("missing_file.py", 5, "f", lookup_line=False)
print("no line:", repr(lazy.line))
print("".join(traceback.format_list([("z.py", 9, "zed", "pass")])), end="")
