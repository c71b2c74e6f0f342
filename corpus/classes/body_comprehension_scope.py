class Table:
    width = 3
    # The outermost iterable is evaluated in the class body: this works.
    cols = [i * 10 for i in range(width)]
    print("cols", cols)
    try:
        # The comprehension body runs in its own function scope and
        # cannot see class-level names.
        cells = [width for _ in range(2)]
    except NameError as e:
        print("caught:", e)
    doubled = list(w * 2 for w in cols)
    print("doubled", doubled)
    total = sum(c + width for c in cols)


print("never reached")
