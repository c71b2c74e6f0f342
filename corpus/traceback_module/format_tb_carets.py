import traceback


def ratio(a, b):
    return a["num"] / b["den"]


def nested(d):
    return d["x"]["y"]["z"]


for fn, arg in ((ratio, ({"num": 1}, {"den": 0})), (nested, ({"x": {"y": {}}},))):
    try:
        fn(*arg)
    except Exception as e:
        for line in traceback.format_tb(e.__traceback__)[1:]:
            print(line.replace(__file__, "FILE"), end="")
        print(traceback.format_exception_only(e)[-1], end="")
nested({"x": {}})
