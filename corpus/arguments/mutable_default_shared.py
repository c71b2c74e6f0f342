def add_item(item, bucket=[]):
    bucket.append(item)
    return bucket


print(add_item(1))
print(add_item(2))
print(add_item(3, []))
print(add_item(4))
print("__defaults__:", add_item.__defaults__)
r = add_item(5)
print("returned the default object:", r is add_item.__defaults__[0])
