def dive(n):
    return dive(n + 1)


try:
    dive(0)
except RecursionError as e:
    print(type(e).__name__, e)
    print("args:", e.args)
print("still running")
