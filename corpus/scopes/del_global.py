config = {"debug": True}


def drop():
    global config
    del config


print("before:", "config" in globals())
drop()
print("after:", "config" in globals())
try:
    print(config)
except NameError as e:
    print(type(e).__name__, e)
try:
    drop()
except NameError as e:
    print("second del:", type(e).__name__, e)
