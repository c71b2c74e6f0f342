list = [1, 2, 3]
print("my list:", list)


def to_list(text):
    return list(text)


print(to_list("abc"))
