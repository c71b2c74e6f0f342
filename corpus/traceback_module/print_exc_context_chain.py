import traceback


def cleanup():
    return undefined_name


def process():
    try:
        return {}["k"]
    except KeyError:
        cleanup()


try:
    process()
except NameError:
    traceback.print_exc()
print("first chain printed by print_exc")
process()
