def make_adder(n):
    def add(x):
        return x + n
    return add


add5 = make_adder(5)
add10 = make_adder(10)
print(add5(1), add10(1))
print(list(map(add5, [1, 2, 3])))
print(add5.__qualname__, add5.__code__.co_freevars, add5.__closure__[0].cell_contents)
