def label(name, count):
    return "item " + name + ": " + count


print(label("apples", "3"))
print(label("pears", 4))
