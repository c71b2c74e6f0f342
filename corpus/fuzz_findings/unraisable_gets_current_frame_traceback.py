def gen34(n35, **kw36):
    try:
        try:
            s39 = yield n35
            yield n35
        finally:
            raise ValueError(n35)
    except ValueError as e50:
        pass
    yield abs(n35)
def f58():
    try:
        g55 = (g55 + g56)
    except NameError as e63:
        for y65 in gen34(1):
            del e63
print('R', f58())
