x = "module x"
squares = [x * x for x in range(4)]
print("squares:", squares)
print("x after listcomp:", x)
evens = {x for x in range(6) if x % 2 == 0}
print("evens:", sorted(evens))
table = {x: x + 1 for x in range(3)}
print("table:", table)
print("x after set/dict comps:", x)
for x in range(3):
    pass
print("x after for loop:", x)
