import sys


def where(msg):
    caller = sys._getframe(1)
    print(f"[{caller.f_code.co_name}:{caller.f_lineno}] {msg}")


def load(n):
    where("loading")
    if n > 1:
        where("more than one")
    return n


def main():
    where("start")
    load(2)
    where("end")


main()
where("at module level")
