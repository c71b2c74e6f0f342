def build():
    handlers = []
    for name in ["open", "save", "close"]:
        def handler():
            return "handling " + name
        handlers.append(handler)
    name = "changed after loop"
    return handlers


for h in build():
    print(h())
