err = "before"
try:
    1 / 0
except ZeroDivisionError as err:
    print("inside handler:", err)
print("after handler, err is gone:", "err" in globals())
print(err)
