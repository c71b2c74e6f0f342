import sys


def profiler(frame, event, arg):
    if event.startswith("c_"):
        print(f"{event:12} {arg.__name__:10} from {frame.f_code.co_name}")
    else:
        print(f"{event:12} {frame.f_code.co_name}")


def work(items):
    items.append(len(items))
    text = "abc".upper()
    try:
        len(5)
    except TypeError:
        pass
    total = sum(items)
    return max(total, 0), text


sys.setprofile(profiler)
print(work([1, 2]))
sys.setprofile(None)


def failing(frame, event, arg):
    if event == "c_call":
        raise RuntimeError("profiler failed")


sys.setprofile(failing)
try:
    len("x")
except RuntimeError as e:
    print("RuntimeError:", e)
print("profile after the error:", sys.getprofile())
