def handle(item):
    try:
        return 10 // item
    except ZeroDivisionError:
        print("zero skipped")
    except TypeError as exc:
        raise RuntimeError(f"bad item {item!r}")


for item in [5, 0, 2, "x"]:
    print(handle(item))
