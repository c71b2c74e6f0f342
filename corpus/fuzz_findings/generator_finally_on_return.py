def f1(p2, p3):
    def gen4(n5, p6, p7=-1, **kw8):
        try:
            yield n5
        finally:
            print('GF', 'fin12')
    def f15(*args16, **kw17):
        for y19 in gen4(1, p6=(p2 - 1), p7=(p2 if 1 >= 1 else p3)):
            return p3
    print('R', f15((lambda q22: p2)(p2)))
round = 1
f1(round, p3=sum(q35 for q35 in range(0)))
def ev36(n38):
    return od37(n38 - 1) + len([q39 for q39 in range(1) if round < round <= n38])
def od37(n40, acc41=0):
    pass
print('R', ev36(1))
