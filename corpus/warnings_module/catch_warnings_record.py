import warnings


def noisy():
    warnings.warn("first", UserWarning)
    warnings.warn("second", DeprecationWarning)
    warnings.warn("first", UserWarning)
    return "value"


with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    print(noisy())
for w in caught:
    print(w.category.__name__, str(w.message), w.lineno, w.filename.rsplit("/", 1)[-1])
print(len(caught))

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    noisy()
print("ignored inside the block")
noisy()
print("after restore")
