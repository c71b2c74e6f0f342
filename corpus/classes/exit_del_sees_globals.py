# At exit, a __del__ reached through containers (a list in a dict in an instance) runs
# before the main module's globals are cleared (CPython 3.11's final collection runs
# finalizers on intact objects): it still calls module functions and reads module names.
class Resource:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("release", self.name, describe(self), SUFFIX)


class Registry:
    def __init__(self):
        self.by_kind = {"files": [Resource("log.txt")]}


def describe(r):
    return type(r).__name__ + ":" + r.name


SUFFIX = "(globals intact)"
registry = Registry()
print("main done")
