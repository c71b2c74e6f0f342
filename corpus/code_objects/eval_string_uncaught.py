def ratio(expr):
    return eval(expr)


print(ratio("10 / 4"))
print(ratio("1 / (2 - 2)"))
