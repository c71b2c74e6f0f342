moves = []


def hanoi(n, src, dst, via):
    if n == 0:
        return
    hanoi(n - 1, src, via, dst)
    moves.append((n, src, dst))
    hanoi(n - 1, via, dst, src)


hanoi(3, "A", "C", "B")
for disk, a, b in moves:
    print(f"disk {disk}: {a} -> {b}")
print("total moves:", len(moves))
