import sys


def make():
    secret = "kept"
    frame = sys._getframe()

    def reveal():
        return secret

    return reveal, frame


reveal, dead = make()
print(reveal())
print("dead frame locals:", sorted(dead.f_locals))
print("cell value:", reveal.__closure__[0].cell_contents)
