# The recursion levels a builtin charges while it calls back into Python, under
# CPython 3.11's rules: METH_FASTCALL builtins (format, round, delattr, print, sorted...)
# charge none when the call site is specialized and one through the generic path (before
# the code is quickened); METH_O and METH_VARARGS builtins (repr, hash, min, max...)
# charge one either way; sorted adds list.sort's level; str(x) is specialized too.
# Each probe gets its own code object (exec), so its first run is unquickened.
import sys
CALLS = {
    'sorted_key': 'sorted([1, 2], key=f)', 'sorted_lt': 'sorted([r, r])',
    'min_key': 'min([1, 2], key=f)', 'max_key': 'max([1, 2], key=f)',
    'round': 'round(r)', 'format': "format(r, '')", 'delattr': "delattr(r, 'a')",
    'getattr': "getattr(r, 'a')", 'hasattr': "hasattr(r, 'a')", 'setattr': "setattr(r, 'a', 1)",
    'repr': 'repr(r)', 'ascii': 'ascii(r)', 'str': 'str(r)', 'hash': 'hash(r)', 'abs': 'abs(r)',
    'len': 'len(r)', 'iter': 'iter(r)', 'next': 'next(r)', 'divmod': 'divmod(r, 1)', 'pow': 'pow(r, 1)',
    'all': 'all(map(f, [1]))', 'any': 'any(map(f, [1]))', 'sum': 'sum(map(f, [1]))',
    'list_map': 'list(map(f, [1]))', 'filter': 'list(filter(f, [1]))', 'print': "print(r, end='')",
}
class M:
    pass
F = [None]
class R:
    def __round__(self, n=None): return F[0](0)
    def __format__(self, spec): return F[0](0)
    def __delattr__(self, name): F[0](0)
    def __getattr__(self, name): return F[0](0)
    def __setattr__(self, name, v): F[0](0)
    def __repr__(self): return F[0](0)
    def __str__(self): return F[0](0)
    def __hash__(self): return F[0](0)
    def __abs__(self): return F[0](0)
    def __len__(self): return F[0](0)
    def __iter__(self): F[0](0); return iter([])
    def __next__(self): return F[0](0)
    def __divmod__(self, o): return F[0](0)
    def __pow__(self, o, m=None): return F[0](0)
    def __lt__(self, o): return F[0](0)
r = R()
depth = 0
kinds = sys.argv[1:] or list(CALLS)
for k in kinds:
    ns = {'r': r, 'R': R, 'M': M}
    exec(f"def f(x):\n    global depth\n    G['depth'] += 1\n    return {CALLS[k]}\n", ns)
    ns['G'] = globals()
    F[0] = ns['f']
    res = []
    for lim in (60, 60, 150):
        sys.setrecursionlimit(lim)
        depth = 0
        try:
            F[0](0)
            res.append('no error')
        except RecursionError as e:
            res.append(f"{depth} {str(e)[33:] or '-'}")
        except Exception as e:
            res.append(f"{type(e).__name__}")
    sys.setrecursionlimit(1000)
    print(k, '|', ' | '.join(res))
