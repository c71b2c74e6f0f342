safe = {"__builtins__": {"len": len, "print": print}}
exec("print('len ok:', len('abcd'))", safe)
try:
    exec("print(max(1, 2))", safe)
except NameError as e:
    print(type(e).__name__, e)
exec("print('own print:', 1)", {"__builtins__": {"print": lambda *a: print('wrapped', *a)}})
