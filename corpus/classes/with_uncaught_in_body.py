class Guard:
    def __enter__(self):
        print("enter")
        return self

    def __exit__(self, *exc):
        print("exit with", exc[0].__name__)


def process(items):
    with Guard():
        for item in items:
            print(10 // item)


process([5, 2, 0, 1])
