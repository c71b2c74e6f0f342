def echo():
    while True:
        v = yield
        print("echo", v)


e = echo()
e.send(None)
e.send("ok")
f = echo()
f.send("too early")
