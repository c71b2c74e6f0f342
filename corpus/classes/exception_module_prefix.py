class LibError(Exception):
    pass


LibError.__module__ = "mylib.errors"


class Local(Exception):
    pass


try:
    raise Local("local one")
except Exception as e:
    print(type(e).__module__, type(e).__qualname__)

print(LibError.__module__)
raise LibError("from a library")
