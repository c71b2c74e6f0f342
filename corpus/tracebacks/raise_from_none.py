def lookup(d, key):
    try:
        return d[key]
    except KeyError:
        raise ValueError(f"no entry for {key}") from None


print(lookup({"a": 1}, "a"))
lookup({"a": 1}, "b")
