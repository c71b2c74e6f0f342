def power(base, exp=2, /, **options):
    return base ** exp, options


print(power(3))
print(power(2, 10))
print(power(2, base="kw", exp="also kw"))
