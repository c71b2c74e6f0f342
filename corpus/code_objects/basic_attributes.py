def area(width, height):
    result = width * height
    unit = "m2"
    return f"{result} {unit}"


code = area.__code__
print("co_name:", code.co_name)
print("co_qualname:", code.co_qualname)
print("co_argcount:", code.co_argcount)
print("co_varnames:", code.co_varnames)
print("co_nlocals:", code.co_nlocals)
print("type:", type(code).__name__)
