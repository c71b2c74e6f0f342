def override():
    try:
        return "try"
    finally:
        return "finally"


def swallow():
    try:
        raise ValueError("lost")
    finally:
        return "swallowed"


def loop_break():
    for i in range(3):
        try:
            return i
        finally:
            if i < 2:
                continue
    return "after loop"


print(override())
print(swallow())
print(loop_break())
