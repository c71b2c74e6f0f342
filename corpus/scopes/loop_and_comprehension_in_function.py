def f():
    for i in range(3):
        pass
    squares = [j * j for j in range(3)]
    print("locals:", sorted(locals()))
    print("i after loop:", i)
    print("j defined:", "j" in locals())


f()
