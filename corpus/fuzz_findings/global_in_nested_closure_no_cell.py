def gen43(n44):
    i42 = i42
    def f53(p55, *, p54):
        global i42
        print('R', f1(p2=(sum(i42 for q63 in range(1)) + 1 * 1)))
