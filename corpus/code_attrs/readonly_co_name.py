def f():
    pass


code = f.__code__
print("co_name:", code.co_name)
try:
    code.co_name = "g"
except AttributeError as e:
    print("AttributeError:", e)
renamed = code.replace(co_name="g")
print("replace gives:", renamed.co_name, "original:", code.co_name)
del code.co_firstlineno
