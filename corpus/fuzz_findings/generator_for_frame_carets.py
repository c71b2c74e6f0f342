def gen1(n2):
    print('V', 1 // 0)
    yield 1
for y18 in gen1(1):
    pass
