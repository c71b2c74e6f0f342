class Calc:
    def add(self, a, b):
        return a + b

    def no_self():
        return 0


c = Calc()
print(c.add(1, 2), Calc.add(c, 3, 4))
try:
    c.no_self()
except TypeError as e:
    print(e)
try:
    Calc.add(1, 2)
except TypeError as e:
    print(e)
c.add(1)
