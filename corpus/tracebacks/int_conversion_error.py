def parse_all(tokens):
    out = []
    for t in tokens:
        out.append(int(t))
    return out


print(parse_all(["1", "22"]))
print(parse_all(["1", "2.5"]))
