def f(**kwargs):
    kwargs["seen"] = True
    return kwargs


options = {"a": 1}
r1 = f(**options)
r2 = f(**options)
print("options untouched:", options)
print("results:", r1, r2)
print("distinct dicts:", r1 is not r2)
