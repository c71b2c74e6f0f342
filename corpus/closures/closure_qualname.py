def outer():
    def middle():
        def inner():
            pass
        return inner
    return middle


m = outer()
i = m()
print(m.__name__, "|", m.__qualname__)
print(i.__name__, "|", i.__qualname__)
print((lambda: 0).__qualname__)
print(outer.__qualname__)
