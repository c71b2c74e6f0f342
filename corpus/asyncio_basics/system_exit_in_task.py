import asyncio
import sys


async def quitter():
    await asyncio.sleep(0)
    print("quitter exits")
    sys.exit(3)


async def main():
    t = asyncio.create_task(quitter())
    try:
        await t
    finally:
        print("main finally")


try:
    asyncio.run(main())
finally:
    print("after run")
