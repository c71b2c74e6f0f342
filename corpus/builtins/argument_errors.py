# Argument errors of builtin types and functions in CPython 3.11's words: enumerate's
# hand-written keyword matching, int()'s positional-only x, slice/reversed arity, iter()'s
# callable check, float divmod by zero, attribute names that are not strings.


def attempt(label, thunk):
    try:
        result = thunk()
    except (TypeError, ZeroDivisionError) as e:
        print(f"{label}: {type(e).__name__}: {e}")
    else:
        if not isinstance(result, (int, float, str, tuple, list, slice)):
            result = list(result)
        print(f"{label}: {result!r}")


letters = "abc"
attempt("enumerate()", lambda: enumerate())
attempt("enumerate(letters, 1, 2)", lambda: enumerate(letters, 1, 2))
attempt("enumerate(start=1)", lambda: enumerate(start=1))
attempt("enumerate(iterable=letters)", lambda: enumerate(iterable=letters))
attempt("enumerate(start=5, iterable=letters)", lambda: enumerate(start=5, iterable=letters))
attempt("enumerate(letters, begin=1)", lambda: enumerate(letters, begin=1))
attempt("enumerate(letters, start=1.5)", lambda: enumerate(letters, start=1.5))
attempt("int(x='7')", lambda: int(x="7"))
attempt("int('7', bas=8)", lambda: int("7", bas=8))
attempt("int('17', base=8)", lambda: int("17", base=8))
attempt("int(base=8)", lambda: int(base=8))
attempt("int('1', 2, 3)", lambda: int("1", 2, 3))
attempt("slice(1, 2, 3, 4)", lambda: slice(1, 2, 3, 4))
attempt("slice()", lambda: slice())
attempt("reversed()", lambda: reversed())
attempt("reversed(letters, 1)", lambda: reversed(letters, 1))
attempt("iter(5, None)", lambda: iter(5, None))
attempt("divmod(7, 0)", lambda: divmod(7, 0))
attempt("divmod(7.5, 0)", lambda: divmod(7.5, 0))
attempt("divmod(7, 0.0)", lambda: divmod(7, 0.0))
attempt("getattr(letters, 1)", lambda: getattr(letters, 1))
attempt("setattr(letters, 1, 2)", lambda: setattr(letters, 1, 2))
attempt("hasattr(letters, None)", lambda: hasattr(letters, None))
