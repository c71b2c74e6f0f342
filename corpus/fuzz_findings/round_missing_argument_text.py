g4 = 1 * 1 * 1
def f10(p11, /):
    v13 = round()
g14 = f10(g4)
