people = [("ann", 31), ("bob", None), ("cid", 25)]


def by_age(items):
    return sorted(items, key=lambda p: p[1] + 0)


print(by_age(people))
