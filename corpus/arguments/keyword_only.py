def connect(host, *, port=80, secure):
    return f"{host}:{port} secure={secure}"


def log(*messages, sep=" | "):
    return sep.join(messages)


print(connect("example", secure=True))
print(connect("example", port=443, secure=True))
print(log("a", "b", "c"))
print(log("a", "b", sep="/"))
print("__kwdefaults__:", connect.__kwdefaults__)
