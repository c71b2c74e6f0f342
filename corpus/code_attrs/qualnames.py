def outer():
    def inner():
        def deepest():
            pass

        return deepest

    lam = lambda: 0
    comp = [x for x in range(1)]
    genexp = (x for x in range(1))
    return inner(), lam, genexp


deepest, lam, genexp = outer()
for code in (outer.__code__, deepest.__code__, lam.__code__, genexp.gi_code):
    print(code.co_name, "|", code.co_qualname)
listcomp = [c for c in outer.__code__.co_consts if hasattr(c, "co_qualname") and c.co_name == "<listcomp>"]
print(listcomp[0].co_qualname)
