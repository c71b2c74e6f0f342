import traceback
import types

captured = []
sink = types.SimpleNamespace(write=captured.append)


def inner():
    traceback.print_stack(file=sink)
    captured.append("-- limit 2\n")
    traceback.print_stack(limit=2, file=sink)


def outer():
    inner()


outer()
print("writes:", len(captured))
print("".join(captured).replace(__file__, "FILE"), end="")
