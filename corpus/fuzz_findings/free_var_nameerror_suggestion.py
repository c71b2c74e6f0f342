for i4 in [len([q1 for q1 in range(1)]), (lambda q2: sum(q3 for q3 in range(1)))((1 - 1))]:
    def f7(p8=i4, **kw9):
        i4 = (lambda q13: i4)(p8)
    print('R', f7(i4))
