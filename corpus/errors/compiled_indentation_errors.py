# compile() of sources whose blocks are missing or misindented: CPython 3.11's
# IndentationError messages, positions and texts for each kind of header.

SOURCES = [
    "def f():",
    "def f():\n",
    "def f():  # no body\n",
    "def f():\n\n\n",
    "async def f():\n    async for x in y:\n",
    "async def f():\n    async with x:\n",
    "class C(\n    Base):\n",
    "@decorator\ndef g():\nreturn 1\n",
    "if a:\n    pass\nelif b:\n",
    "if a:\n    pass\nelse:\n",
    "for x in y:\n",
    "for x in y:\n    pass\nelse:\n",
    "while x:\n",
    "with open(p) as f:\n",
    "try:\n",
    "try:\n    pass\nexcept ValueError as e:\n",
    "try:\n    pass\nexcept* ValueError:\n",
    "try:\n    pass\nfinally:\n",
    "match x:\n",
    "match x:\n    case [a, b]:\n",
    "def f():\n    if a:\n        if b:\n    return 1\n",
    "if a:\n    if b:\nelse:\n    pass\n",
    "def f():\nx = 1\n",
    "x = 1\n    y = 2\n",
    "if a:\n        b = 1\n    c = 2\n",
]

for src in SOURCES:
    try:
        compile(src, "<string>", "exec")
    except SyntaxError as e:
        print(type(e).__name__, repr(e.msg))
        print("   ", e.lineno, e.offset, e.end_lineno, e.end_offset, repr(e.text))
    else:
        print("compiled", repr(src))

namespace = {}
exec("def ok():\n    return 'fine'\n", namespace)
print(namespace["ok"]())
exec("def broken(items):\n    for item in items:\n\n    return items\n", namespace)
