globals()["created"] = "via globals()"
print(created)


def make(name, value):
    globals()[name] = value


make("dynamic", 42)
print("dynamic:", dynamic)
make("created", "rebound")
print("created:", created)
print(sorted(k for k in globals() if not k.startswith("__")))
