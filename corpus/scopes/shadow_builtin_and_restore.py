import builtins

print("max:", max(3, 7))
max = lambda *args: "shadowed"
print("max:", max(3, 7))
print("builtins.max:", builtins.max(3, 7))
del max
print("max after del:", max(3, 7))


def local_shadow():
    sum = 100
    return sum


print("local shadow:", local_shadow(), "| global sum still works:", sum([1, 2]))
