class Broken:
    def __init__(self):
        self.ok = 1

    def __getattr__(self, name):
        return self.fallback_value


b = Broken()
print(b.ok)
b.anything
