import inspect

stack = inspect.stack()
print("entries:", len(stack))
print("function:", stack[0].function)
print("lineno:", stack[0].lineno)
print("context:", stack[0].code_context)
