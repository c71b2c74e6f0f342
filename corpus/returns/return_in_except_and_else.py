def classify(x):
    trail = []
    try:
        v = 10 / x
    except ZeroDivisionError:
        trail.append("except")
        return "zero", trail
    else:
        trail.append("else")
        return f"ok {v}", trail
    finally:
        trail.append("finally")


print(classify(4))
print(classify(0))
