class Proxy:
    def __init__(self, target):
        self._target = target
        self.own = "own"

    def __getattr__(self, name):
        print("__getattr__", name)
        if name.startswith("x_"):
            raise AttributeError(f"no {name} here")
        return getattr(self._target, name)


p = Proxy([3, 1, 2])
print(p.own)
p.append(0)
print(p._target)
print(p.count(1))
print(getattr(p, "x_thing", "fallback"))
print(hasattr(p, "x_other"))
p.missing_method()
