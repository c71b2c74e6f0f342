import sys


def profiler(frame, event, arg):
    if event.startswith("c_"):
        print(event, arg.__name__)
    else:
        print(event, frame.f_code.co_name)


def helper(items):
    return len(items)


def main():
    n = helper([1, 2])
    return sorted([n, 0])


sys.setprofile(profiler)
main()
sys.setprofile(None)
print("getprofile after reset:", sys.getprofile())
