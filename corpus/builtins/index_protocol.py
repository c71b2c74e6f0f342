# Instances with __index__ serve wherever CPython 3.11 asks PyNumber_Index for an integer:
# range bounds, sequence subscripts and slices, repetition, chr(), list methods, padding.


class Pos:
    def __init__(self, n):
        self.n = n

    def __index__(self):
        return self.n

    def __repr__(self):
        return f"Pos({self.n})"


class Broken:
    def __index__(self):
        return "1"


class NoIndex:
    def __int__(self):
        return 1


def attempt(label, thunk):
    try:
        result = thunk()
    except (TypeError, IndexError, OverflowError) as e:
        print(f"{label}: {type(e).__name__}: {e}")
    else:
        print(f"{label}: {result!r}")


words = ["zero", "one", "two", "three", "four"]
attempt("range(Pos(3))", lambda: list(range(Pos(3))))
attempt("range(Pos(1), 9, Pos(3))", lambda: list(range(Pos(1), 9, Pos(3))))
attempt("range(NoIndex())", lambda: range(NoIndex()))
attempt("range(Broken())", lambda: range(Broken()))
attempt("words[Pos(2)]", lambda: words[Pos(2)])
attempt("words[Pos(-1)]", lambda: words[Pos(-1)])
attempt("tuple(words)[Pos(1)]", lambda: tuple(words)[Pos(1)])
attempt("'abcdef'[Pos(4)]", lambda: "abcdef"[Pos(4)])
attempt("range(10, 20)[Pos(3)]", lambda: range(10, 20)[Pos(3)])
attempt("words[Pos(1):Pos(3)]", lambda: words[Pos(1) : Pos(3)])
attempt("words[Pos(9)]", lambda: words[Pos(9)])
attempt("words[Pos(2**70)]", lambda: words[Pos(2**70)])
attempt("words[Broken()]", lambda: words[Broken()])
attempt("words[NoIndex()]", lambda: words[NoIndex()])
attempt("'abc'[NoIndex()]", lambda: "abc"[NoIndex()])
attempt("range(3)[NoIndex()]", lambda: range(3)[NoIndex()])
attempt("words[:Broken()]", lambda: words[: Broken()])
attempt("words[:NoIndex()]", lambda: words[: NoIndex()])
attempt("[0] * Pos(3)", lambda: [0] * Pos(3))
attempt("Pos(2) * 'ab'", lambda: Pos(2) * "ab")
attempt("(1,) * Pos(2)", lambda: (1,) * Pos(2))
attempt("[0] * NoIndex()", lambda: [0] * NoIndex())
attempt("chr(Pos(65))", lambda: chr(Pos(65)))
attempt("chr(2**40)", lambda: chr(2**40))
attempt("'ab'.center(Pos(6), '*')", lambda: "ab".center(Pos(6), "*"))
attempt("'a b c'.split(maxsplit=Pos(1))", lambda: "a b c".split(maxsplit=Pos(1)))
attempt("list(enumerate('ab', Pos(5)))", lambda: list(enumerate("ab", Pos(5))))
attempt("round(3.14159, Pos(2))", lambda: round(3.14159, Pos(2)))
attempt("round(3.14159, 1.5)", lambda: round(3.14159, 1.5))
stack = [1, 2, 3, 4]
attempt("stack.pop(Pos(0))", lambda: stack.pop(Pos(0)))
attempt("stack.insert(Pos(1), 9)", lambda: stack.insert(Pos(1), 9))
attempt("stack.pop(2**70)", lambda: stack.pop(2**70))
print(stack)
row = ["-"]
row *= Pos(3)
print(row)
box = NoIndex()
try:
    box *= [0]
except TypeError as e:
    print(f"box *= [0]: {e}")


def set_item():
    words["one"] = 1


def del_item():
    del words[1.5]


attempt("words['one'] = 1", set_item)
attempt("del words[1.5]", del_item)
