# Generators: pipelines of generator functions, generator expressions, send().


def count_up(n):
    i = 0
    while i < n:
        yield i
        i += 1


def evens(it):
    for x in it:
        if x % 2 == 0:
            yield x


def squares(it):
    for x in it:
        yield x * x


def accumulator():
    total = 0
    while True:
        x = yield total
        total += x


total = 0
for v in squares(evens(count_up(120000))):
    total += v
total += sum(x * 3 for x in range(60000) if x % 3)
acc = accumulator()
next(acc)
for i in range(40000):
    r = acc.send(i)
print(total, r)
