class Animal:
    pass


class Dog(Animal):
    pass


class Cat(Animal):
    pass


d = Dog()
print(isinstance(d, Dog), isinstance(d, Animal), isinstance(d, Cat))
print(isinstance(d, (Cat, int)), isinstance(d, (Cat, (int, Animal))))
print(issubclass(Dog, Animal), issubclass(Animal, Dog), issubclass(Dog, Dog))
print(issubclass(Dog, object), isinstance(Dog, type), isinstance(d, object))
print(issubclass(bool, int), issubclass(KeyError, LookupError))
print(Animal.__subclasses__() == [Dog, Cat])
print(issubclass(d, Animal))
