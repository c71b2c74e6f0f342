class Config:
    level = 1
    tags = []

    def __init__(self, name):
        self.name = name


a = Config("a")
b = Config("b")
a.level = 5
a.tags.append("shared")
print(a.level, b.level, Config.level)
print(b.tags, Config.tags is a.tags)
print(sorted(vars(a)), sorted(vars(b)))
Config.level = 9
print(a.level, b.level)
del a.level
print(a.level)
print(hasattr(b, "name"), getattr(b, "missing", "default"))
setattr(b, "dyn", 42)
print(b.dyn, sorted(b.__dict__))
print(a.__class__.__name__, type(a) is Config)
