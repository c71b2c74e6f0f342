import sys


class Node:
    def __init__(self):
        self.next = self

    def __repr__(self):
        return f"Node({self.next!r})"


n = Node()
try:
    repr(n)
except RecursionError as e:
    print("caught:", e)

lst = [1]
lst.append(lst)
print(lst)
print(sys.getrecursionlimit())
