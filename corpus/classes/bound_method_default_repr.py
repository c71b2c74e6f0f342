class Plain:
    def act(self):
        pass


p = Plain()
print(p.act)
print(repr(p))
print(str(p) == repr(p))
print(Plain)
print(type(p))
print(p.act.__func__)
