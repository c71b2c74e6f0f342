def tax(amount):
    result = amount * 0.2


def total(amount):
    return amount + tax(amount)


print(total(100))
