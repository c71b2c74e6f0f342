values = [3, 1, 2]
print("length:", len(values))
try:
    print(lenght(values))
except NameError as e:
    print("too far for a suggestion:", e)
print("sorted:", sortd(values))
