def fail():
    try:
        {}["k"]
    except KeyError as inner:
        raise RuntimeError("outer", 42) from inner


try:
    fail()
except RuntimeError as e:
    print("repr:", repr(e))
    print("args:", e.args)
    print("cause:", repr(e.__cause__))
    print("context:", repr(e.__context__))
    print("suppress:", e.__suppress_context__)

try:
    try:
        1 / 0
    except ZeroDivisionError:
        [][0]
except IndexError as e:
    print("implicit cause:", e.__cause__, "| context:", repr(e.__context__))
