import sys


async def job():
    print("job body never runs")


print("before", file=sys.stderr)
job()
print("after", file=sys.stderr)
print("done")
