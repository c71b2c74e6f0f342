class Temperature:
    def __init__(self):
        self._c = 0

    @property
    def celsius(self):
        print("get")
        return self._c

    @celsius.setter
    def celsius(self, value):
        print("set", value)
        self._c = value

    @celsius.deleter
    def celsius(self):
        print("delete")
        self._c = None

    @property
    def kelvin(self):
        return self._c + 273


t = Temperature()
t.celsius = 20
print(t.celsius, t.kelvin)
del t.celsius
print(t._c)
print(type(Temperature.celsius).__name__)
t.kelvin = 5
