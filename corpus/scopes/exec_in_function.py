def f():
    exec("z = 5")
    snapshot = locals()
    print("z in locals():", "z" in snapshot, snapshot.get("z"))
    try:
        print(z)
    except NameError as e:
        print(type(e).__name__, e)


f()
ns = {}


def g():
    exec("w = 7", globals(), ns)
    return ns["w"]


print("w via explicit dict:", g())
