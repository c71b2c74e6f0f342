def a():
    b()


def b():
    c()


def c():
    raise ValueError("deep")


try:
    a()
except ValueError as e:
    tb = e.__traceback__
    while tb is not None:
        print(tb.tb_frame.f_code.co_name, tb.tb_lineno)
        tb = tb.tb_next
