count = 0


def bump(n):
    global count
    count += n


def create():
    global created
    created = "made inside create()"


bump(2)
bump(3)
print("count:", count)
print("created exists before call:", "created" in globals())
create()
print("created:", created)
