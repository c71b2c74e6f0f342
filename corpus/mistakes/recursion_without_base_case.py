def countdown(n):
    if n % 100 == 0:
        print("at", n)
    countdown(n - 1)


countdown(250)
