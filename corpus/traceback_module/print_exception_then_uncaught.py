import traceback


def risky(n):
    return [0, 1][n]


try:
    risky(5)
except IndexError as e:
    traceback.print_exception(e)
    saved = e
print("printed to stderr; now raising again")
try:
    raise TypeError("second") from saved
finally:
    print("finally before the uncaught traceback")
