w4 = 0
def f82(p84=1, p85=w4, /, p83=1):
    pass
try:
    print('R', f82(w4, p85=1, p84=1))
except TypeError as e118:
    print('X', type(e118).__name__, e118)
