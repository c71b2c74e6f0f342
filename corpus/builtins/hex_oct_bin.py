# hex(), oct() and bin() format ints, bools and __index__ results with CPython's prefixes.


class Flags:
    def __init__(self, bits):
        self.bits = bits

    def __index__(self):
        return self.bits


class Approx:
    def __float__(self):
        return 3.0


def attempt(label, thunk):
    try:
        result = thunk()
    except TypeError as e:
        print(f"{label}: TypeError: {e}")
    else:
        print(f"{label}: {result}")


for n in (0, 1, 255, -255, 2**64 + 1, -(2**70), True, False, Flags(0b1011), Flags(-8)):
    print(hex(n), oct(n), bin(n))

attempt("hex(1.5)", lambda: hex(1.5))
attempt("oct('7')", lambda: oct("7"))
attempt("bin(Approx())", lambda: bin(Approx()))
attempt("hex()", lambda: hex())
attempt("oct(1, 2)", lambda: oct(1, 2))
attempt("bin(x=1)", lambda: bin(x=1))
print(int(hex(Flags(4096)), 16), int(oct(64), 8), int(bin(5), 2))
