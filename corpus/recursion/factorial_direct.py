def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)


for n in (0, 1, 5, 10, 30):
    print(f"{n}! = {fact(n)}")
