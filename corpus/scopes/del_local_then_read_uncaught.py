def process():
    buffer = [1, 2, 3]
    size = len(buffer)
    del buffer
    print("size was", size)
    return buffer[0]


process()
