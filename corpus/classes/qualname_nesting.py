def factory():
    class C:
        def m(self):
            def helper():
                pass
            return helper

        class D:
            def n(self):
                pass

        lam = lambda self: None

    return C


C = factory()
print(C.__name__, C.__qualname__)
print(C.m.__qualname__)
print(C().m().__qualname__)
print(C.D.__qualname__, C.D.n.__qualname__)
print(C.lam.__qualname__)
print(C.m.__code__.co_qualname)
print(C.__module__)
print(repr(C))
print(C())
