# pow() and sum() parse their arguments as Argument Clinic does: CPython 3.11's texts for
# missing, surplus, duplicated and unknown arguments; three-argument pow() on ints.


def attempt(label, thunk):
    try:
        result = thunk()
    except (TypeError, ValueError) as e:
        print(f"{label}: {type(e).__name__}: {e}")
    else:
        print(f"{label}: {result!r}")


attempt("pow()", lambda: pow())
attempt("pow(2)", lambda: pow(2))
attempt("pow(2, 3, 5, 7)", lambda: pow(2, 3, 5, 7))
attempt("pow(base=2, exp=10)", lambda: pow(base=2, exp=10))
attempt("pow(2, exp=3, mod=None)", lambda: pow(2, exp=3, mod=None))
attempt("pow(2, 3, base=1)", lambda: pow(2, 3, base=1))
attempt("pow(2, power=3)", lambda: pow(2, power=3))
attempt("pow(2, 3, modulo=5)", lambda: pow(2, 3, modulo=5))
attempt("pow(a=1, b=2, c=3, d=4)", lambda: pow(a=1, b=2, c=3, d=4))
attempt("pow(2, 10, 1000)", lambda: pow(2, 10, 1000))
attempt("pow(3, -1, 7)", lambda: pow(3, -1, 7))
attempt("pow(2, 3, -5)", lambda: pow(2, 3, -5))
attempt("pow(7, 10**20, 10**9 + 7)", lambda: pow(7, 10**20, 10**9 + 7))
attempt("pow(2, 3, 0)", lambda: pow(2, 3, 0))
attempt("pow(2, -1, 4)", lambda: pow(2, -1, 4))
attempt("pow(2.0, 3, 5)", lambda: pow(2.0, 3, 5))
attempt("pow(2, 3, 'x')", lambda: pow(2, 3, "x"))
attempt("sum()", lambda: sum())
attempt("sum([1], 2, 3)", lambda: sum([1], 2, 3))
attempt("sum(iterable=[1])", lambda: sum(iterable=[1]))
attempt("sum([1], 10)", lambda: sum([1], 10))
attempt("sum([1], start=10)", lambda: sum([1], start=10))
attempt("sum([1], 10, start=5)", lambda: sum([1], 10, start=5))
attempt("sum([1], begin=5)", lambda: sum([1], begin=5))
attempt("sum([[1], [2]], [])", lambda: sum([[1], [2]], []))
