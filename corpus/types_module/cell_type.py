import types

full = types.CellType(5)
empty = types.CellType()
print("full:", repr(full).split(": ")[1].split(" at")[0], full.cell_contents)
print("empty:", repr(empty).split(": ")[1])
empty.cell_contents = "now set"
print("set:", empty.cell_contents)
print("equal cells:", types.CellType(1) == types.CellType(1), types.CellType(1) < types.CellType(2))


def outer():
    x = 0

    def inner():
        return x

    return inner


print("closure cell type:", type(outer().__closure__[0]) is types.CellType)
del full.cell_contents
print(full.cell_contents)
