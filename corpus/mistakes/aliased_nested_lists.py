grid = [[0] * 3] * 3
grid[0][0] = 1
print("aliased:", grid)
grid = [[0] * 3 for _ in range(3)]
grid[0][0] = 1
print("separate:", grid)
