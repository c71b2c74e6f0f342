# An object reached only through a class attribute of a class made inside a function
# (held by an instance in nested lists) is still finalized at exit, with the module's
# globals intact; a generator closed at exit frees its locals at once, so their __del__
# runs right after its finally block.
class Tracked:
    def __init__(self, name):
        self.name = name
        self.me = self  # a cycle: only the final collection can finalize it

    def __del__(self):
        print("del", self.name, NAME)


NAME = "(globals intact)"


def make(tag):
    class Hidden:
        attr = Tracked(tag)

    return Hidden()


holder = [[make("via-class-attr")]]
print("end of main")
