import sys
import types


def inner():
    raise KeyError("k")


def outer():
    inner()


try:
    outer()
except KeyError as e:
    tb = e.__traceback__
    print("is TracebackType:", isinstance(tb, types.TracebackType))
    print("same as exc_info:", tb is sys.exc_info()[2])
    while tb is not None:
        print(tb.tb_frame.f_code.co_name, tb.tb_lineno, isinstance(tb.tb_frame, types.FrameType),
              type(tb.tb_lasti) is int)
        tb = tb.tb_next
