# compile() of assignments, deletions and calls CPython 3.11 rejects with a specific
# message: invalid targets named by kind (with the '==' hint where the grammar gives it),
# argument order mistakes, unparenthesized generators.

SOURCES = [
    "1 = x",
    "f() = 1",
    "total + 1 = 2",
    "'name' = value",
    "None = 0",
    "True = 1",
    "a, 1 = pair",
    "[a, 1] = pair",
    "(a, 1) = pair",
    "x = 1 = 2",
    "for 1 in items: pass",
    "with open(p) as 1: pass",
    "lambda: 1 = 2",
    "a if b else c = 1",
    "(yield) = 1",
    "(a := 1) = 2",
    "obj.method() = 3",
    "if ready:\n    run() = True",
    "del f()",
    "del x + 1",
    "f() += 1",
    "x + 1 -= 2",
    "f(a=1, 2)",
    "f(**kw, value)",
    "def f(a=1, b): pass",
    "sum(x for x in y, 0)",
]

for src in SOURCES:
    try:
        compile(src + "\n", "<string>", "exec")
    except SyntaxError as e:
        print(repr(src), "->", e.msg, (e.lineno, e.offset, e.end_lineno, e.end_offset))
    else:
        print(repr(src), "compiled")
