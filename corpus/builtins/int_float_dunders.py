# int() and float() convert instances through __int__, __index__, __trunc__ and __float__
# (CPython 3.11's PyNumber_Long / PyNumber_Float), checking what the methods return.


class Celsius:
    def __init__(self, degrees):
        self.degrees = degrees

    def __int__(self):
        return round(self.degrees)

    def __float__(self):
        return float(self.degrees)


class Slot:
    def __init__(self, n):
        self.n = n

    def __index__(self):
        return self.n


class Truncating:
    def __trunc__(self):
        return 41 + 1


class TruncToSlot:
    def __trunc__(self):
        return Slot(7)


class BadInt:
    def __int__(self):
        return 2.5


class BadIndex:
    def __index__(self):
        return "three"


class BadFloat:
    def __float__(self):
        return 1


class BadTrunc:
    def __trunc__(self):
        return "x"


class Plain:
    pass


def attempt(label, thunk):
    try:
        result = thunk()
    except TypeError as e:
        print(f"{label}: TypeError: {e}")
    else:
        print(f"{label}: {result!r} ({type(result).__name__})")


attempt("int(Celsius(21.6))", lambda: int(Celsius(21.6)))
attempt("float(Celsius(21.6))", lambda: float(Celsius(21.6)))
attempt("int(Slot(5))", lambda: int(Slot(5)))
attempt("float(Slot(5))", lambda: float(Slot(5)))
attempt("float(Slot(2**60))", lambda: float(Slot(2**60)))
attempt("int(Truncating())", lambda: int(Truncating()))
attempt("int(TruncToSlot())", lambda: int(TruncToSlot()))
attempt("int(BadInt())", lambda: int(BadInt()))
attempt("int(BadIndex())", lambda: int(BadIndex()))
attempt("int(BadTrunc())", lambda: int(BadTrunc()))
attempt("float(BadFloat())", lambda: float(BadFloat()))
attempt("float(BadIndex())", lambda: float(BadIndex()))
attempt("int(Plain())", lambda: int(Plain()))
attempt("float(Plain())", lambda: float(Plain()))
attempt("int('7', Slot(8))", lambda: int("17", Slot(8)))
attempt("int(5, 99)", lambda: int(5, 99))
attempt("int('5', 2.5)", lambda: int("5", 2.5))
print(sum([Celsius(1.2), Celsius(2.4)], 0.0) if False else int(Celsius(99.5)) + 1)
