import sys
g2 = sum((q1 + q1) for q1 in range(1) if q1 < -1 <= 1)
def gen3(n4, p5, p6):
    print('XI', type(sys.exception()).__name__)
    yield 1
try:
    def rec29(n30):
        print('V', 1 // 0)
    print('R', rec29(1))
finally:
    print('GL', list(gen3(n4=0, p5=(len([q116 for q116 in range(1)]) + (g2 if g2 >= -1 else g2)), p6=abs((g2 - 1)))))
