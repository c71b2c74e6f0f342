# format() and f-strings call a user __format__ (found on the type); round() calls
# __round__ with ndigits as given; divmod() tries __divmod__/__rdivmod__ in binary
# operator order; the error texts when a class defines none of them.
class A:
    def __format__(self, spec):
        return "fmt[" + spec + "]"

    def __str__(self):
        return "str"

    def __round__(self, n=None):
        return ("round", n)

    def __divmod__(self, o):
        return ("divmod", o)

    def __rdivmod__(self, o):
        return ("rdivmod", o)


class Sub(A):
    def __rdivmod__(self, o):
        return ("sub rdivmod", o)


class Bad:
    def __format__(self, spec):
        return 42


a = A()
print(format(a, "x"), format(a), f"{a}", f"{a:>5}", f"{a!s:>5}", "{}".format(a), "{:q}".format(a))
print(round(a), round(a, 2), round(a, "two"), divmod(a, 3), divmod(3, a), divmod(a, Sub())[0])


class B:
    pass


for thunk in (lambda: format(B(), "x"), lambda: round(B()), lambda: divmod(B(), 1),
              lambda: divmod(1, B()), lambda: format(Bad(), "")):
    try:
        thunk()
    except TypeError as e:
        print(type(e).__name__, e)
b = B()
print(format(b, "") == str(b))
