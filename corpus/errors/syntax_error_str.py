# str() of SyntaxError and its subclasses: "msg (file, line N)" from the detail attributes,
# whether the error came from compile() or was built by hand.

try:
    compile("def handler(event):\n", "/srv/app/handlers.py", "exec")
except SyntaxError as e:
    print(type(e).__name__, "|", e)
    print(e.filename, e.lineno, e.offset, e.end_lineno, e.end_offset, repr(e.text))

try:
    compile("total = 1\n    total += 2\n", "<config>", "exec")
except SyntaxError as e:
    print(type(e).__name__, "|", e)

built = SyntaxError("bad token", ("/tmp/x/mod.py", 7, 3, "a b\n", 7, 4))
print(built, "|", built.msg, built.lineno, built.offset, built.text.strip())
built.lineno = None
print(built)
built.filename = None
built.lineno = 12
print(built)
print(repr(str(SyntaxError())), repr(str(SyntaxError("only a message"))))
print(IndentationError("too deep", ("f.py", 2, 5, "    x\n")))
bare = TabError("mixed")
print(bare.msg, bare.filename, bare.lineno, bare.offset, bare.text, bare.end_offset)
for details in ("ab", (1, 2, 3, 4, 5), (1, 2, 3, 4, 5, 6, 7)):
    try:
        SyntaxError("m", details)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
