import sys


def tracer(frame, event, arg):
    if frame.f_code.co_name == "guarded":
        rel = frame.f_lineno - frame.f_code.co_firstlineno
        print(event, rel, arg if event == "return" else "")
    return tracer


def guarded(flag):
    try:
        if flag:
            return "from try"
        value = "fell through"
    finally:
        note = "finally ran"
    return value


sys.settrace(tracer)
print(guarded(True))
print(guarded(False))
sys.settrace(None)
