from inspect import Parameter, Signature

P = Parameter
s = Signature([P("a", P.POSITIONAL_ONLY), P("b", P.POSITIONAL_OR_KEYWORD, default=2), P("c", P.KEYWORD_ONLY)], return_annotation=str)
print(s, repr(s), s.return_annotation)
print("replace:", s.replace(return_annotation=Signature.empty), s.replace(parameters=[P("z", P.VAR_KEYWORD)]))
print("empty signature:", Signature(), Signature(None), Signature([]))
print("equal:", s == Signature(list(s.parameters.values()), return_annotation=str), s == s.replace(return_annotation=int), s != "x")
print("hash equal:", hash(s) == hash(Signature(list(s.parameters.values()), return_annotation=str)))
a = Signature([P("x", P.KEYWORD_ONLY), P("y", P.KEYWORD_ONLY)])
b = Signature([P("y", P.KEYWORD_ONLY), P("x", P.KEYWORD_ONLY)])
print("keyword-only order ignored:", a == b, hash(a) == hash(b), a, b)
print("only positional-only:", Signature([P("a", 0), P("b", 0)]))
print("var-positional then kw-only:", Signature([P("a", 2), P("b", 3)]))
for params in (
    [P("a", P.KEYWORD_ONLY), P("b", P.POSITIONAL_OR_KEYWORD)],
    [P("a", P.VAR_KEYWORD), P("b", P.POSITIONAL_ONLY)],
    [P("a", 1, default=1), P("b", 1)],
    [P("a", 0, default=1), P("b", 1)],
    [P("a", 1), P("a", 3)],
):
    try:
        Signature(params)
    except ValueError as e:
        print("ValueError:", e)
print("unvalidated:", Signature([P("a", 1, default=1), P("b", 1)], __validate_parameters__=False))
try:
    s.replace(params=[])
except TypeError as e:
    print("TypeError:", e)
