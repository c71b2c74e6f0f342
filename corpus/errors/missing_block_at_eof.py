# The last statement is a header with no body: the file ends where the block should start.
ready = True
print("never printed")
if ready:
