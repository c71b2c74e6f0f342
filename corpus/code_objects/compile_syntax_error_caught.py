for src in ("x = ", "def f(:\n    pass", "a = 1\nb = (2\n", "print('ok')"):
    try:
        compile(src, "<input>", "exec")
        print(repr(src), "compiles")
    except SyntaxError as e:
        print(repr(src), "->", e.msg, "| file", e.filename, "| line", e.lineno)
