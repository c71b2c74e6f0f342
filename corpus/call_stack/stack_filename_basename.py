import inspect


def f():
    info = inspect.stack()[0]
    print("basename:", info.filename.split("/")[-1])
    print("same as caller's:", info.filename == inspect.stack()[1].filename)


f()
