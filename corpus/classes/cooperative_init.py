class Base:
    def __init__(self, **kw):
        print("Base.__init__", sorted(kw))
        self.extra = kw


class Named(Base):
    def __init__(self, name, **kw):
        print("Named.__init__", name)
        self.name = name
        super().__init__(**kw)


class Sized(Base):
    def __init__(self, size, **kw):
        print("Sized.__init__", size)
        self.size = size
        super().__init__(**kw)


class Box(Named, Sized):
    def __init__(self, **kw):
        print("Box.__init__")
        super().__init__(**kw)


b = Box(name="crate", size=3, color="red")
print(b.name, b.size, b.extra)
print([k.__name__ for k in Box.__mro__])
