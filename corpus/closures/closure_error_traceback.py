def make_lookup(table):
    def lookup(key):
        def fetch():
            return table[key]
        return fetch()
    return lookup


find = make_lookup({"a": 1, "b": 2})
print(find("a"))
print(find("z"))
