import traceback


def convert(text):
    try:
        return int(text)
    except ValueError as e:
        raise RuntimeError("conversion failed") from e


try:
    convert("x")
except RuntimeError as err:
    lines = traceback.format_exception(err)
    print("".join(lines).replace(__file__, "FILE"), end="")
    print("---- chain=False")
    print("".join(traceback.format_exception(err, chain=False)).replace(__file__, "FILE"), end="")
    print("---- three-argument form, limit=1")
    print("".join(traceback.format_exception(type(err), err, err.__traceback__, limit=1)).replace(__file__, "FILE"), end="")
