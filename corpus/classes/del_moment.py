class Tracked:
    def __init__(self, name):
        self.name = name
        print("create", name)

    def __del__(self):
        print("del", self.name)


a = Tracked("a")
print("before del a")
del a
print("after del a")

b = Tracked("b")
b = Tracked("b2")
print("rebound b")


def scope():
    t = Tracked("local")
    print("leaving scope")


scope()
print("after scope")
lst = [Tracked("in list")]
lst.clear()
print("cleared")
x = Tracked("x")
y = x
del x
print("x deleted, y alive")
y = None
print("end")
