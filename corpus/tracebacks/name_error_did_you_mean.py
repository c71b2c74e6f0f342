def summarize(numbers):
    counter = 0
    for n in numbers:
        counter += n
    return countr


summarize([1, 2, 3])
