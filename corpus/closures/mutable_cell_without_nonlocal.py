def make_log():
    entries = []

    def log(msg):
        entries.append(msg)
        return len(entries)

    def dump():
        return list(entries)

    return log, dump


log, dump = make_log()
log("one")
log("two")
print(dump())
print("log cellvars, freevars:", log.__code__.co_cellvars, log.__code__.co_freevars)
