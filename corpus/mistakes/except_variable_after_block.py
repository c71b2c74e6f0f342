def parse(text):
    err = None
    try:
        value = int(text)
    except ValueError as err:
        print("parse failed:", err)
        value = 0
    print("last error:", err)
    return value


print(parse("12"))
print(parse("twelve"))
