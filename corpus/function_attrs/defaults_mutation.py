def greet(name, greeting="hello", punct="!"):
    return greeting + ", " + name + punct


print("defaults:", greet.__defaults__)
print(greet("ann"))
greet.__defaults__ = ("bye", "?")
print(greet("bob"))
greet.__defaults__ = ("?",)
print(greet("cy", "hi"))
greet.__defaults__ = None
print("defaults now:", greet.__defaults__)
try:
    greet("dee")
except TypeError as e:
    print("TypeError:", e)
greet.__defaults__ = ["list"]
