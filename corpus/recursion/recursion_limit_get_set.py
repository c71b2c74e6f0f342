import sys

print("default limit:", sys.getrecursionlimit())
sys.setrecursionlimit(2500)
print("after set:", sys.getrecursionlimit())
sys.setrecursionlimit(1000)
print("restored:", sys.getrecursionlimit())
