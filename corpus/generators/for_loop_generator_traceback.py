def parse_lines(lines):
    for number, line in enumerate(lines, 1):
        key, value = line.split("=")
        yield number, key, value


def load(lines):
    result = {}
    for number, key, value in parse_lines(lines):
        result[key] = value
        print("line", number, key)
    return result


load(["a=1", "b=2", "oops", "c=3"])
