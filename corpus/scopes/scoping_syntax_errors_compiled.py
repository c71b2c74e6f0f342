sources = [
    "nonlocal x",
    "def f():\n    x = 1\n    global x",
    "def f():\n    print(x)\n    global x",
    "def f(a):\n    global a",
    "def f():\n    def g():\n        nonlocal y\n    return g",
    "return 5",
    "def f(a, a):\n    pass",
]
for src in sources:
    try:
        compile(src, "<scopes>", "exec")
        print("compiled fine")
    except SyntaxError as e:
        print(f"line {e.lineno}: {e.msg}")
