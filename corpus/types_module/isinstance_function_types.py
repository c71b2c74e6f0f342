import types


def f():
    pass


def gen():
    yield 1


checks = [
    ("def", f),
    ("lambda", lambda: 0),
    ("builtin len", len),
    ("generator fn", gen),
]
for label, obj in checks:
    print(label.ljust(14),
          isinstance(obj, types.FunctionType),
          isinstance(obj, types.LambdaType),
          isinstance(obj, types.BuiltinFunctionType))
print("same type:", types.FunctionType is types.LambdaType, types.FunctionType is type(f))
print(types.FunctionType, types.BuiltinFunctionType, types.CodeType)
print(isinstance(f.__code__, types.CodeType), isinstance(gen(), types.GeneratorType))
