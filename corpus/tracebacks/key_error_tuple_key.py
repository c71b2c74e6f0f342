grid = {(0, 0): "origin"}
try:
    grid[(1, 2)]
except KeyError as e:
    print("caught:", repr(e), e.args)
print(grid[0, 0])
print(grid[3, 4])
