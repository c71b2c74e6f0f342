def outer():
    def inner():
        return value

    cell = inner.__closure__[0]
    print("before:", repr(cell).split(": ")[1])
    value = 1
    print("after:", repr(cell).split(": ")[1].split(" at")[0])
    del value
    return cell


cell = outer()
print(cell.cell_contents)
