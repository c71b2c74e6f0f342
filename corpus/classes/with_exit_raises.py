class Bad:
    def __enter__(self):
        return self

    def __exit__(self, et, ev, tb):
        raise RuntimeError("exit failed")


with Bad():
    print("in body")
    int("x")
