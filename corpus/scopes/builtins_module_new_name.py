import builtins


def use():
    return answer * 2


builtins.answer = 21
print("via builtins:", use())
answer = 50
print("global shadows builtin:", use())
del answer
print("global deleted:", use())
del builtins.answer
print("builtin deleted:", use())
