def f():
    return 1


code = f.__code__
print(type(code).__name__)
print("exec result:", exec(code))
print("eval result:", eval(code))
code()
