# A class body ends before a dedented else: the nested if has no block.


class Door:
    def open(self, locked):
        if locked:
    else:
        return True
