def price(quantity, unit, discount):
    return quantity * unit - discount * 2


print(price(3, 10, 1))
print(price(3, "10", 1))
