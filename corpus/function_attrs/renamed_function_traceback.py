def original(x):
    return 10 // x


original.__name__ = "renamed"
original.__qualname__ = "Some.renamed"
print("name:", original.__name__, "qualname:", original.__qualname__)
print("code name still:", original.__code__.co_name)
print("repr starts:", repr(original).split(" at ")[0])
original(0)
