import warnings


def old_api(x):
    warnings.warn("old_api is deprecated, use new_api", FutureWarning, stacklevel=2)
    return x


def wrapper(x):
    warnings.warn("seen at wrapper's caller's caller", UserWarning, stacklevel=3)
    return old_api(x)


def outer():
    return wrapper(1)


print(old_api(5))
print(outer())
warnings.warn("stacklevel too deep", UserWarning, stacklevel=10)
