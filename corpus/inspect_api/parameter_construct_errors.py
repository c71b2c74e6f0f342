from inspect import Parameter

p = Parameter("x", Parameter.KEYWORD_ONLY, default=5, annotation=int)
print(p, repr(p), p.name, p.kind, p.default, p.annotation)
print("replace:", p.replace(name="y"), p.replace(default=Parameter.empty), p.replace(kind=Parameter.POSITIONAL_ONLY, annotation=Parameter.empty))
print("equal:", p == Parameter("x", 3, default=5, annotation=int), p == Parameter("x", 3, default=6), p == "x")
print("hash equal:", hash(p) == hash(Parameter("x", 3, default=5, annotation=int)))
print("implicit:", Parameter(".0", Parameter.POSITIONAL_OR_KEYWORD))
print("keyword as positional-only:", Parameter("class", Parameter.POSITIONAL_ONLY))
cases = [
    (("1x", 1), {}),
    (("x", 9), {}),
    (("x", "kw"), {}),
    (("def", 1), {}),
    ((3, 1), {}),
    ((Parameter.empty, 1), {}),
    (("x", 2), {"default": 1}),
    (("x", 4), {"default": None}),
    ((".1", 3), {}),
    (("x",), {}),
    (("x", 1), {"other": 1}),
    (("x", 1, 2), {}),
]
for args, kwargs in cases:
    try:
        Parameter(*args, **kwargs)
        print("ok", args)
    except (ValueError, TypeError) as e:
        print(type(e).__name__ + ":", e)
try:
    p.replace(bogus=1)
except TypeError as e:
    print("TypeError:", e)
