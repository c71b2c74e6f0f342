class Node:
    def __init__(self, depth):
        self.depth = depth

    def __eq__(self, other):
        if self.depth == 0:
            return True
        return Node(self.depth - 1) == other


print(Node(10) == 1)
try:
    Node(100000) == 1
except RecursionError as e:
    print("RecursionError:", e)


class Chain:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        if self.n == 0:
            return iter([0])
        return iter(Chain(self.n - 1))


print(list(Chain(5)))
try:
    list(Chain(100000))
except RecursionError as e:
    print("RecursionError:", e)
print({Node(3): 1}.get(Node(3)) if Node.__hash__ else "unhashable")
Node(100000) == 1
