import sys
import warnings

print("start", file=sys.stderr)
warnings.warn("plain message")
warnings.warn("deprecated thing", DeprecationWarning)
warnings.warn("a runtime issue", RuntimeWarning)


class MyWarning(UserWarning):
    pass


warnings.warn("custom", MyWarning)
warnings.warn(MyWarning("instance given"))
print("end", file=sys.stderr)
