matrix = [[1, 2, 3], [4, 5, 6]]


def cell(r, c):
    row = matrix[r]
    return row[c]


def diagonal():
    return [cell(i, i) for i in range(3)]


print(diagonal())
