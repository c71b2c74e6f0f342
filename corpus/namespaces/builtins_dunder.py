import builtins

print("type:", type(__builtins__).__name__)
print("is builtins module:", __builtins__ is builtins)
print("builtins.__name__:", builtins.__name__)
print("len is builtins.len:", len is builtins.len)
print("vars(builtins)['print'] is print:", vars(builtins)["print"] is print)
print("some names:", [n for n in ("abs", "len", "print", "nope", "RecursionError") if hasattr(builtins, n)])
