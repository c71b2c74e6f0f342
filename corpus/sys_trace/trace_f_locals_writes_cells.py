import sys


def tracer(frame, event, arg):
    name = frame.f_code.co_name
    if name == "outer" and event == "line":
        rel = frame.f_lineno - frame.f_code.co_firstlineno
        if rel == 3:
            frame.f_locals["captured"] = "changed by tracer"
            frame.f_locals["plain"] = -1
    if name == "inner" and event == "line":
        frame.f_locals["captured"] = "changed inside inner"
    return tracer


def outer():
    captured = "original"
    plain = 1
    print("before inner:", captured, plain)

    def inner():
        return captured

    result = inner()
    print("after inner:", captured, result, plain)
    return plain


sys.settrace(tracer)
print("returned:", outer())
sys.settrace(None)


def holder():
    a = 1
    snapshot = sys._getframe().f_locals
    a = 2
    return snapshot, a


def keep(frame, event, arg):
    # A tracer that holds f_locals from an earlier event: it is refreshed before each
    # trace call, so the write-back does not undo later assignments.
    if frame.f_code.co_name == "holder":
        keep.seen = frame.f_locals
    return keep


sys.settrace(keep)
snap, a = holder()
sys.settrace(None)
print("holder:", a, sorted(snap))
