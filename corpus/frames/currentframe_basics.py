import inspect


def show():
    frame = inspect.currentframe()
    print("name:", frame.f_code.co_name)
    print("line:", frame.f_lineno)
    print("caller:", frame.f_back.f_code.co_name)
    print("caller line:", frame.f_back.f_lineno)


def main():
    show()


main()
show()
