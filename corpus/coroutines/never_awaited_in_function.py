import sys


async def notify(user):
    return user


def handler(user):
    notify(user)
    print("handler returns", file=sys.stderr)
    return "ok"


print(handler("ann"), file=sys.stderr)
print("end of module", file=sys.stderr)
