ns = {}
source = """
def double(n):
    return n * 2

value = double(21)
names = sorted(k for k in globals() if k != '__builtins__')
"""
exec(source, ns)
print("keys:", sorted(k for k in ns if k != "__builtins__"))
print("value:", ns["value"])
print("names seen inside:", ns["names"])
print("double's globals is ns:", ns["double"].__globals__ is ns)
print("double.__module__:", ns["double"].__module__)
