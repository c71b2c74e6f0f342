async def numbers():
    return [1, 2, 3]


c = numbers()
try:
    for x in c:
        print(x)
except TypeError as e:
    print("for:", e)
try:
    next(c)
except TypeError as e:
    print("next:", e)
print(c.__await__())
c.close()
print(c.cr_frame)
