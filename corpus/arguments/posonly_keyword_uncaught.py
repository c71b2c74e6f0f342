def clamp(value, /, low=0, high=10):
    return max(low, min(high, value))


print(clamp(15))
print(clamp(-3, low=-1))
print(clamp(value=5))
