# A trace function that raises on the 'call' event of a resumed generator: the exception
# propagates to the resumer and the generator is finished (no frame, StopIteration next).
import sys

calls = 0


def tracer(frame, event, arg):
    global calls
    if event == "call" and frame.f_code.co_name == "numbers":
        calls += 1
        if calls == 2:
            raise KeyError("from the tracer")
    return None


def numbers():
    received = yield 1
    print("received", received)
    yield 2


it = numbers()
sys.settrace(tracer)
print(next(it))
try:
    print(it.send("value"))
except KeyError as e:
    print("KeyError", e)
sys.settrace(None)
print(it.gi_frame is None, it.gi_running)
try:
    print(next(it))
except StopIteration:
    print("StopIteration")
