def find(grid, target):
    for r, row in enumerate(grid):
        for c, v in enumerate(row):
            if v == target:
                return r, c
    else:
        print("  not found:", target)
    return None


grid = [[1, 2], [3, 4], [5, 6]]
print(find(grid, 4))
print(find(grid, 7))
