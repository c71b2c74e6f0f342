stack = []
stack.append(1)
print(stack)
try:
    stack.push(2)
except AttributeError as e:
    print("no suggestion:", e)
stack.apend(2)
