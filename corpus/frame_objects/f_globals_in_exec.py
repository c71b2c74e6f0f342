import sys
import builtins

source = """
def probe():
    frame = sys._getframe()
    return frame.f_globals is ns, frame.f_builtins is builtins.__dict__, frame.f_globals["marker"]
"""

ns = {"sys": sys, "builtins": builtins, "marker": "custom"}
ns["ns"] = ns
exec(source, ns)
print("probe:", ns["probe"]())


def here():
    frame = sys._getframe()
    return frame.f_globals is globals(), "ns" in frame.f_globals


print("here:", here())
print("module f_locals is f_globals:", sys._getframe().f_locals is sys._getframe().f_globals)
