def f2():
    def f3(p6, /, p4=[], *, p5=-1, **kw7):
        for i8 in p4[:1]:
            if p6 in p4:
                return (i8 if -1 in g1 else 1)
                p5 = i8
            try:
                print('V', undef11)
            except NameError as e12:
                pass
    print('R', f3(*[f3(1, [-1]), []], p5=1 * 1))
print('R', f2())
