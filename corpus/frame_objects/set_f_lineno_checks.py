import sys
def f():
    fr = sys._getframe()
    for v in ("3", 3.0, True):
        try:
            fr.f_lineno = v
        except ValueError as e:
            print("ValueError:", e)
    try:
        fr.f_lineno = 5
    except ValueError as e:
        print("ValueError:", e)
events = []
def tracer(frame, event, arg):
    if frame.f_code.co_name == "g":
        for target in (1,):
            try:
                frame.f_lineno = frame.f_lineno
            except ValueError as e:
                events.append((event, str(e)))
        return None
    return tracer
def g():
    return 1
f()
sys.settrace(tracer)
g()
sys.settrace(None)
print(events)
f()
def prof(frame, event, arg):
    pass
sys.setprofile(prof)
len([])
sys.setprofile(None)
f()
