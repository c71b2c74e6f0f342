g = {"base": 10}
loc = {"step": 5}
exec("result = base + step\nbase_copy = base", g, loc)
print("locals:", sorted(loc.items()))
print("globals keys:", sorted(k for k in g if k != "__builtins__"))
print("__builtins__ added:", "__builtins__" in g)
exec("global base\nbase = 99", g, loc)
print("base after global stmt:", g["base"])
