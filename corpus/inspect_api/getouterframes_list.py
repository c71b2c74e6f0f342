import inspect


def level3():
    frames = inspect.getouterframes(inspect.currentframe(), context=1)
    for info in frames:
        print(info.function, info.lineno, info.code_context[0].strip() if info.code_context else None)
    print("stack agrees:", [f.function for f in inspect.stack()] == [f.function for f in frames])
    print("first frame is current:", frames[0].frame is inspect.currentframe())


def level2():
    level3()


def level1():
    level2()


level1()
