for i1 in [0]:
    def f16():
        try:
            return i1
        finally:
            if not i1:
                pass
            else:
                return i1
            try:
                print('KS', K32.ys)
            except NameError as e35:
                pass
    print('R', f16())
async def co91(n):
    w = await Aw90()
cr92 = co91(0)
cr92.close()
