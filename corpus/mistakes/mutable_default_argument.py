def append_bad(value, items=[]):
    items.append(value)
    return items


def append_good(value, items=None):
    if items is None:
        items = []
    items.append(value)
    return items


print("bad:", append_bad(1), append_bad(2), append_bad(3))
print("good:", append_good(1), append_good(2), append_good(3))
