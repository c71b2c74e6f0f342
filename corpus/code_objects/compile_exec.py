src = "total = total + step\ncount = count + 1"
code = compile(src, "<accumulate>", "exec")
ns = {"total": 0, "step": 5, "count": 0}
for _ in range(3):
    exec(code, ns)
print("total:", ns["total"], "count:", ns["count"])
print("exec returns:", exec(code, ns))
print("co_name:", code.co_name, "co_filename:", code.co_filename)
