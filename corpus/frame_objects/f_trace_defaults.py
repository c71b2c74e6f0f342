import sys


def f():
    frame = sys._getframe()
    print("f_trace:", frame.f_trace)
    print("f_trace_lines:", frame.f_trace_lines)
    print("f_trace_opcodes:", frame.f_trace_opcodes)
    frame.f_trace_lines = False
    print("after set:", frame.f_trace_lines)
    frame.f_trace = None
    print("f_trace still:", frame.f_trace)
    return frame


frame = f()
print("kept:", frame.f_trace_lines)
print("fresh frame:", sys._getframe().f_trace_lines)
