import sys
import types


def here():
    return sys._getframe()


frame = here()
tb = types.TracebackType(None, frame, frame.f_lasti, frame.f_lineno)
print("tb fields:", tb.tb_next, tb.tb_frame is frame, tb.tb_lineno - frame.f_code.co_firstlineno)
top = types.TracebackType(tb, sys._getframe(), 0, 20)
print("chain:", top.tb_next is tb)
raise ValueError("custom traceback").with_traceback(top)
