# A comparison written with a single =.
count = 0
if count = 0:
    print("empty")
