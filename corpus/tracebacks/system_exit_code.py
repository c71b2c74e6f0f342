import sys


def finish(code):
    print("finishing with", code)
    sys.exit(code)


try:
    sys.exit(5)
except SystemExit as e:
    print("caught SystemExit:", e.code)
finish(3)
print("never printed")
