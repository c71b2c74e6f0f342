import inspect


def g():
    info = inspect.stack()[0]
    print("len:", len(info))
    print("[0] is frame:", info[0] is info.frame)
    print("[1] basename:", info[1].split("/")[-1])
    print("[2] lineno:", info[2])
    print("[3] function:", info[3])
    print("[4] context:", info[4])
    print("[5] index:", info[5])


g()
