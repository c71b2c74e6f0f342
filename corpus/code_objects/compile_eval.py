expr = compile("x * x + y", "<expr>", "eval")
for x, y in ((1, 2), (3, 4), (10, -100)):
    print(f"x={x} y={y} ->", eval(expr, {"x": x, "y": y}))
print(eval(compile("[n for n in range(5) if n % 2]", "<e>", "eval")))
try:
    compile("a = 1", "<e>", "eval")
except SyntaxError as e:
    print(type(e).__name__, e.msg)
