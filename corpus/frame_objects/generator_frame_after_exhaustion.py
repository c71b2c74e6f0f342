def gen(n):
    for i in range(n):
        yield i


g = gen(2)
frame = g.gi_frame
print("code matches:", frame.f_code is gen.__code__)
print("locals before start:", frame.f_locals)
next(g)
print("locals after first:", sorted(frame.f_locals.items()))
print(list(g))
print("gi_frame after exhaustion:", g.gi_frame)
print("kept frame locals:", frame.f_locals)
next(g)
