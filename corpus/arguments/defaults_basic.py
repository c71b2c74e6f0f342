def greet(name, greeting="Hello", punct="!"):
    return f"{greeting}, {name}{punct}"


print(greet("Ada"))
print(greet("Ada", "Hi"))
print(greet("Ada", punct="?"))
print(greet(punct=".", name="Bob", greeting="Bye"))
print("__defaults__:", greet.__defaults__)
