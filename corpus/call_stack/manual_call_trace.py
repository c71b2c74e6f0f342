depth = 0


def traced(name, children):
    global depth
    print("  " * depth + "-> " + name)
    depth += 1
    for child in children:
        traced(child[0], child[1])
    depth -= 1
    print("  " * depth + "<- " + name)


tree = ("main", [("parse", [("lex", [])]), ("run", [("eval", []), ("print", [])])])
traced(tree[0], tree[1])
print("final depth:", depth)
