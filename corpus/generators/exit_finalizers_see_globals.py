# At exit, CPython 3.11 runs the finalizers of what the main module still holds before
# clearing its globals (its final garbage collection, PEP 442): a suspended generator's
# finally block still sees the module's functions and names. sys.argv is None by then,
# and the "Exception ignored" traceback shows no source lines (the io module can no longer
# be imported). (One finalizer only: the order several run in depends on the collector's
# internal lists, which tracing changes.)
import sys

log = []


def helper(tag):
    log.append(tag)
    return tag.upper()


def counter(limit):
    n = 0
    try:
        while n < limit:
            yield n
            n += 1
    finally:
        print("counter closed at", n, helper("gen"), log)
        print("argv at exit:", sys.argv)
        print(len(sys.argv))


it = counter(10)
print(next(it), next(it))
print("main done", helper("main"))
