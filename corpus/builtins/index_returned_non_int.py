# An __index__ returning a str makes a list subscript raise an uncaught TypeError.


class Cursor:
    def __init__(self, pos):
        self.pos = pos

    def __index__(self):
        return str(self.pos)


def pick(items, cursor):
    return items[cursor]


print(pick(["a", "b", "c"], 1))
print(pick(["a", "b", "c"], Cursor(2)))
