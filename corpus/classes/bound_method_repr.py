class Greeter:
    def hello(self):
        return "hi"

    @classmethod
    def make(cls):
        return cls()

    @staticmethod
    def util():
        return "util"

    def __repr__(self):
        return "<Greeter>"


g = Greeter()
m = g.hello
print(m)
print(Greeter.make)
print(Greeter.util)
print(Greeter.hello)
print(m.__self__, m.__func__ is Greeter.hello, m.__name__, m.__qualname__)
print(m == g.hello, m is g.hello)
print(type(m).__name__)
print(Greeter.make.__self__)
print(m())
