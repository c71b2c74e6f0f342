g1 = 1
class Aw4:
    def __await__(self):
        v = yield 'aw'
async def co5(n):
    w = await Aw4()
cr6 = co5(1)
print('CS', cr6.send(None))
g1 -= g1
def f49():
    try:
        raise TypeError
    finally:
        if g1 < 1 <= g1:
            pass
        elif not g1:
            pass
        else:
            return g1
        try:
            print('KS', K82.ys)
        except NameError as e85:
            pass
print('R', f49())
