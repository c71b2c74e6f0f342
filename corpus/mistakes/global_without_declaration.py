requests = 0


def handle(path):
    requests += 1
    return f"handled {path}"


def serve(paths):
    for p in paths:
        print(handle(p))


serve(["/", "/about"])
