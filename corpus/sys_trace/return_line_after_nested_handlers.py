# The line of a return event after a try/except nested in an except handler at the end of a
# function: the exit reached by several jumps is copied per jump (CPython's extend_block +
# duplicate_exits_without_lineno), each copy on the line of the code that jumped.
# Checked through the trace channel (each 'return' event's line); the program prints little.
def bad(): undefined
def ok(): pass
class CM:
    def __enter__(self): return self
    def __exit__(self, *a): return None
def s1(step):
    try:
        raise ValueError("outer")
    except ValueError:
        try:
            step()
        except NameError as e:
            print("x")
def s2(step):
    try:
        step()
    except NameError:
        try:
            step()
        except NameError:
            pass
def s3(step, c):
    for i in range(2):
        try:
            step()
        except NameError:
            if c:
                continue
            pass
def s4(step):
    try:
        step()
    except NameError:
        pass
    except KeyError:
        pass
def s5(step):
    with CM():
        try:
            step()
        except NameError:
            pass
def s6(step):
    try:
        try:
            step()
        finally:
            print("f")
    except NameError:
        pass
def s7(step):
    try:
        step()
    except NameError as e:
        pass
    else:
        pass
for s in (s1, s2, s4, s5, s6, s7):
    s(bad); s(ok)
s3(bad, 0); s3(bad, 1); s3(ok, 0)
print('done')
