class Base:
    def greet(self):
        return "base"

    def who(self):
        return f"Base.who sees {type(self).__name__}"


class Middle(Base):
    def greet(self):
        return "middle>" + super().greet()


class Leaf(Middle):
    def greet(self):
        return "leaf>" + super().greet()

    def who(self):
        return super().who() + " (from Leaf)"

    def show_cell(self):
        return __class__


x = Leaf()
print(x.greet())
print(x.who())
print(x.show_cell().__name__)
print(Leaf.greet.__code__.co_freevars)
print(Leaf.greet.__closure__[0].cell_contents is Leaf)
print(Middle.greet(x))
print(super(Middle, x).greet())
