import sys


class CM:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def tracer(frame, event, arg):
    name = frame.f_code.co_name
    if name.startswith("f_") or name in ("Klass", "Cell"):
        print(name, event, frame.f_lineno - frame.f_code.co_firstlineno)
    return tracer


def f_while(x):
    while x:
        x -= 1


def f_for(x):
    for i in x:
        pass


def f_if(x):
    if x:
        x = 2


def f_try(x):
    try:
        x = 1
    except ValueError:
        pass


def f_with(x):
    with CM():
        x = 1


def f_break(x):
    for i in x:
        if i:
            break


def f_elif(x):
    if x == 1:
        pass
    elif x == 2:
        x = 3
    else:
        return 4


sys.settrace(tracer)
f_while(1)
f_for([1])
f_if(0)
f_if(1)
f_try(0)
f_with(0)
f_break([0, 1])
f_elif(1)
f_elif(2)
f_elif(3)


class Klass:
    x = 0
    if x:
        y = 1


class Cell:
    def m(self):
        return __class__

    x = 0
    if x:
        y = 1


sys.settrace(None)
