def f():
    pass


name = f.__code__.co_filename
print("basename:", name.rsplit("/", 1)[-1])
print("matches __file__:", name == __file__)
print("compiled:", compile("pass", "<made up>", "exec").co_filename)
print("eval:", eval("(lambda: 0).__code__.co_filename"))
