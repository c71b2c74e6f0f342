import traceback


def compute(values):
    return values[0] / values[1]


try:
    compute([1, 0])
except ZeroDivisionError:
    traceback.print_exc()
print("after print_exc, still running")
traceback.print_exc()
print("print_exc with no exception printed NoneType: None")
