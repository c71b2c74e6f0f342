# A trace function that raises on an 'exception' event replaces the exception, which goes on
# unwinding from the same frame (here caught by the generator's own handler after throw()).
import sys
def tracer(frame, event, arg):
    if frame.f_code.co_name == "worker":
        if event == "exception":
            raise ValueError("bad")
    return tracer
def worker():
    total = 0
    while True:
        try:
            value = yield total
        except ValueError:
            value = 100
        if value is None:
            return total
        total += value
sys.settrace(tracer)
g = worker()
print("start", next(g))
print("send", g.send(5))
print("throw", g.throw(ValueError))
