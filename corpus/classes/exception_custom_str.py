class Quiet(Exception):
    def __str__(self):
        return "custom text"


class Empty(Exception):
    pass


print(str(Quiet("ignored")), repr(Quiet("ignored")))
print(repr(str(Empty())), repr(Empty()))
try:
    raise Empty
except Empty as e:
    print("args:", e.args)


def fail():
    raise Quiet(1, 2)


fail()
