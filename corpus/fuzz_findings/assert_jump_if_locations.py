# The location of an assert's raise is the location the compiler's jump_if left in place:
# a comparison's (also inside a conditional expression or a boolean operator), else the
# statement's.
import traceback

a, b, c, y = 0, 1, 2, 0


def check(n):
    if n == 0:
        assert not (1 if y <= 1 else 1), 'a4'
    elif n == 1:
        assert (c if y else a), 'm'
    elif n == 2:
        assert (a if b < 1 else c < b)
    elif n == 3:
        assert (a if (b if c < 1 else a) else a)
    elif n == 4:
        assert a < b > c, 'm'
    elif n == 5:
        assert (b and a < c and c < b)
    elif n == 6:
        assert not (a or b < c)
    elif n == 7:
        assert not (
            a
            if
            b < c
            else
            b)
    elif n == 8:
        assert (a if not b < c else a)
    elif n == 9:
        assert (a if (b and c < b) else a), a < b


for n in range(10):
    try:
        check(n)
    except AssertionError:
        traceback.print_exc()

lam5 = lambda *args3, **kw4: (lambda q6: (q6 - q6))((1 - 1)); g16 = ((lambda q14: 1)(1) + lam5(1, k15=1)); assert not (g16 if g16 < 1 else g16), 'a18'
