import functools
import inspect


def logged(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        print("calling", fn.__name__)
        return fn(*args, **kwargs)

    return wrapper


@logged
@logged
def area(width, height=1, *, unit="m"):
    return width * height


print("followed:", inspect.signature(area))
print("not followed:", inspect.signature(area, follow_wrapped=False))
print("unwrap:", inspect.unwrap(area).__qualname__, inspect.unwrap(area) is area.__wrapped__.__wrapped__)
print("unwrap with stop:", inspect.unwrap(area, stop=lambda f: f is area.__wrapped__) is area.__wrapped__)


def with_sig(a, b):
    pass


with_sig.__signature__ = inspect.Signature([inspect.Parameter("only", inspect.Parameter.KEYWORD_ONLY)])
print("__signature__ attribute:", inspect.signature(with_sig))


def bad_sig():
    pass


bad_sig.__signature__ = "(x)"
try:
    inspect.signature(bad_sig)
except TypeError as e:
    print("TypeError:", e)


def loop():
    pass


loop.__wrapped__ = loop
try:
    inspect.signature(loop)
except ValueError as e:
    print("ValueError:", str(e).split(" at ")[0])


@functools.lru_cache(maxsize=None)
def cached(n, /, step=1):
    return n


print("lru_cache:", inspect.signature(cached))
print(area(3, height=2))


class Cached:
    @functools.lru_cache
    def method(self, x, *, y=0):
        return x


print("lru_cache method, unbound:", inspect.signature(Cached.method))
print("lru_cache method, bound:", inspect.signature(Cached().method))
