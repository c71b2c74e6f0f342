import sys


class Service:
    async def start(self):
        return "started"


s = Service()
print("calling", file=sys.stderr)
s.start()
print("called", file=sys.stderr)
