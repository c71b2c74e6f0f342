# type.mro() and type.__subclasses__(): the metaclass's methods, found after the class's
# own attributes; MRO-conflict errors name the heads left unmerged.
class Base:
    pass


class Left(Base):
    pass


class Right(Base):
    pass


class Both(Left, Right):
    pass


class Late(Base):
    def mro(self):
        return "own mro"


print([k.__name__ for k in Both.mro()])
print([k.__name__ for k in int.mro()], [k.__name__ for k in bool.mro()])
print(Both.mro() == list(Both.__mro__), type(Both.mro()).__name__)
print([k.__name__ for k in Base.__subclasses__()])
print([k.__name__ for k in Left.__subclasses__()], Right.__subclasses__() == [Both])
print(Both.__subclasses__())
print(Late.mro(Late()), [k.__name__ for k in type.mro(Late)])
try:
    Both.mro(1)
except TypeError as e:
    print("TypeError:", e)


def conflict(*bases):
    try:
        type("Bad", bases, {})
    except TypeError as e:
        print(repr(str(e)))


class P: pass
class Q: pass
class R: pass
class PQR(P, Q, R): pass
class RQP(R, Q, P): pass
class QRP(Q, R, P): pass
conflict(PQR, RQP)
conflict(PQR, QRP, RQP)
conflict(Left, Base, Right)
print([k.__name__ for k in type.__subclasses__(Left)])
for call in (lambda: type.mro(), lambda: type.mro(1), lambda: Both.mro(x=1)):
    try:
        call()
    except TypeError as e:
        print("TypeError:", e)
