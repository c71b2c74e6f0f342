import sys


def name_and_parent():
    f = sys._getframe(1)
    return f"{f.f_code.co_name} (called from {f.f_back.f_code.co_name})"


def main():
    print("lambda:", (lambda: name_and_parent())())
    print("listcomp:", [name_and_parent() for _ in range(1)][0])
    print("setcomp:", {name_and_parent() for _ in range(1)})
    print("dictcomp:", {0: name_and_parent() for _ in range(1)}[0])
    print("genexpr:", next(name_and_parent() for _ in range(1)))


main()
