def gen6(n7, *args8):
    try:
        for i9 in range(n7):
            yield abs(max(1, i9))
    finally:
        print('GF', 'fin10')
for y30 in gen6(n7=1):
    f14()
