# compile() of sources with common syntax mistakes: CPython 3.11's message, class and
# position for a missing colon, a try without handlers, a bracket left open, a statement
# cut short before a comment, Python 2 print/exec statements, and conditional expressions
# without else.

SOURCES = [
    "if x\n    pass\n",
    "while running  # loop\n    step()\n",
    "def area(w, h) -> float\n    return w * h\n",
    "class Point(object)\n    pass\n",
    "try:\n    risky()\nprint('after')\n",
    "try:\n    risky()\n",
    "try:\n    risky()\n\n# handlers go here\n",
    "def f():\n    try:\n        risky()\n    return 1\n",
    "if ok:\n    try:\n        risky()\nelse:\n    pass\n",
    "values = [1, 2\ncount = 2\n",
    "call(a, b\n\n\n",
    "total = 1 +  # more later\n",
    "total = 1 +\n",
    "def f(:\n    pass\n",
    "if x y:\n    pass\n",
    'print "done"\n',
    "if verbose:\n    print 'step', n  # trace\n",
    "exec 'x = 1'\n",
    "print a b\n",
    "print -1\n",
    "printer x\n",
    "label = 'big' if size > 10\n",
    "total = price * 2 + tax if taxed  # no else\n",
    "show(1 if x)\n",
    "squares = [v if v > 0 for v in values]\n",
]

for src in SOURCES:
    try:
        compile(src, "<string>", "exec")
    except SyntaxError as e:
        print(type(e).__name__, repr(e.msg))
        print("   ", e.lineno, e.offset, e.end_lineno, e.end_offset, repr(e.text))
    else:
        print("compiled", repr(src))

for src, mode in [("x y", "eval"), ("x y\n", "eval"), ("(1,", "eval"), ("a b", "single"), ("a b", "exec")]:
    try:
        compile(src, "<string>", mode)
    except SyntaxError as e:
        print(mode, repr(e.msg), e.lineno, e.offset, e.end_offset, repr(e.text))
