def tag(label):
    print("making decorator", label)

    def deco(fn):
        print("applying", label, "to", fn.__name__)

        def wrapper():
            print("enter", label)
            result = fn()
            print("exit", label)
            return result
        wrapper.__name__ = label + "(" + fn.__name__ + ")"
        return wrapper
    return deco


@tag("outer")
@tag("middle")
@tag("inner")
def work():
    print("working")
    return "result"


print("defined:", work.__name__)
print(work())
