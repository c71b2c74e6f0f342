import warnings


def risky(n):
    if n > 2:
        warnings.warn(f"n is large: {n}", RuntimeWarning)
    return n


warnings.simplefilter("error")
try:
    risky(3)
except RuntimeWarning as w:
    print("caught as exception:", type(w).__name__, w)
print(risky(1))
risky(5)
