handlers = {}


def on(event):
    def register(fn):
        handlers.setdefault(event, []).append(fn)
        return fn
    return register


@on("start")
def greet():
    return "hello"


@on("start")
@on("stop")
def log():
    return "logged"


for event in sorted(handlers):
    print(event, [f.__name__ for f in handlers[event]], [f() for f in handlers[event]])
print("greet unchanged:", greet())
