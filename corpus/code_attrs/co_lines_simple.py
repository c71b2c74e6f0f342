def f(a):
    b = a + 1
    if b:
        return b
    return 0


first = f.__code__.co_firstlineno
lines = list(f.__code__.co_lines())
print("entries are 3-tuples:", all(len(t) == 3 for t in lines))
print("contiguous ranges:", all(lines[i][1] == lines[i + 1][0] for i in range(len(lines) - 1)))
print("starts at 0:", lines[0][0])
seen = []
for start, end, line in lines:
    rel = None if line is None else line - first
    if not seen or seen[-1] != rel:
        seen.append(rel)
print("relative lines in order:", seen)
