def convert(value):
    try:
        return float(value)
    except ValueError as error:
        print("could not convert:", eror)


convert("1.5")
convert("abc")
