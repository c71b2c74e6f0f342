def total_length(items):
    return sum(len(x) for x in items)


print(total_length(["ab", "cde"]))
print(total_length(["ab", 5, "cde"]))
