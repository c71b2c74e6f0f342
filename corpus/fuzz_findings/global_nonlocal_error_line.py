def rec4(n5, acc6=0):
    global z7
    nonlocal z7
