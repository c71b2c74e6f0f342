import traceback

print(traceback.format_exception_only(ValueError("bad value")))
print(traceback.format_exception_only(KeyError("k")))
print(traceback.format_exception_only(StopIteration()))
try:
    compile("x = (1,\n", "snippet.py", "exec")
except SyntaxError as e:
    print("".join(traceback.format_exception_only(e)), end="")
try:
    compile("a b", "other.py", "exec")
except SyntaxError as e:
    print("".join(traceback.format_exception_only(type(e), e)), end="")
