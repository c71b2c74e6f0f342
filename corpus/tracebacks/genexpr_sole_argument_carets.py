# A generator expression that is a call's sole argument spans the call's parentheses in
# CPython's AST, so its frame's carets (and its co_firstlineno) include them.
import traceback


def gen():
    yield 1
    undefined_name


try:
    print(sum(
        x
        for x in gen()
    ))
except NameError:
    traceback.print_exc()

try:
    list( x for x in gen() )
except NameError:
    traceback.print_exc()

try:
    list((x for x in gen()))
except NameError:
    traceback.print_exc()

g = (lambda *a: a)(y for y in [1])
print(g[0].gi_code.co_firstlineno)
print(sorted(x for x in gen()))
