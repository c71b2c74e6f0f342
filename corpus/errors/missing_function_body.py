# A function header whose body was left unindented: the program does not compile.


def greet(name):
print("hello", name)


greet("world")
