class Good:
    def __init__(self, v):
        self.v = v


class Bad:
    def __init__(self):
        return 5


print(Good(1).v)
try:
    Good()
except TypeError as e:
    print(e)
try:
    Good(1, 2)
except TypeError as e:
    print(e)
Bad()
