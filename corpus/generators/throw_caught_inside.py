def resilient():
    n = 0
    while True:
        try:
            yield n
        except ArithmeticError as e:
            print("handled", type(e).__name__, e)
            n = -1
        n += 1


g = resilient()
print(next(g), next(g))
print(g.throw(ZeroDivisionError("div")))
print(g.throw(OverflowError))
print(next(g))
g.close()
try:
    g.throw(ValueError("after close"))
except ValueError as e:
    print("after close:", e)
