# A list left open: the parser fails on a later line, CPython names the open bracket.
sizes = [1, 2, 3
total = sum(sizes)
print(total)
