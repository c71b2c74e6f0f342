# A dedent to a column no enclosing block started at.
for n in range(3):
        if n:
            print(n)
    print("done")
