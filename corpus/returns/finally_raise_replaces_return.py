def save(data):
    try:
        return len(data)
    finally:
        if not data:
            raise RuntimeError("empty data")


print(save([1, 2]))
print(save([]))
