def gen1(n2, p3, p4):
    def w8(n9):
        return w8(n9 + 1)
    print('R', w8(0))
    yield 1
g21 = 0
it22 = gen1(1, g21, p4=[1, g21])
print('GN', next(it22))
