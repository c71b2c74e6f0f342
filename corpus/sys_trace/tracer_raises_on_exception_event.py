# A trace function that raises during an 'exception' event replaces the exception, which
# goes on unwinding from the same frame (3.11's call_exc_trace), and the tracer is removed.
# In a generator resumed by throw(), the replacement is caught by the generator's handler.
import sys


def tracer(frame, event, arg):
    if event == "exception" and frame.f_code.co_name in ("gen", "func"):
        raise LookupError("from the tracer: " + arg[0].__name__)
    return tracer


def gen():
    while True:
        try:
            yield "ready"
        except LookupError as e:
            yield "gen caught " + repr(e)


def func():
    try:
        1 / 0
    except LookupError as e:
        return "func caught " + repr(e)


sys.settrace(tracer)
g = gen()
print(next(g))
print(g.throw(ValueError))
print(sys.gettrace())
sys.settrace(tracer)
print(func())
print(sys.gettrace())
