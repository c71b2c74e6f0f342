import builtins

sum = 0
for n in [1, 2, 3]:
    sum += n
print("total:", sum)
try:
    sum([1, 2])
except TypeError as e:
    print(type(e).__name__, e)
print("builtins.sum still works:", builtins.sum([1, 2]))
del sum
print("after del:", sum([1, 2]))
