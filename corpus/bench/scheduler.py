# A pyperformance-style mixed program (in the spirit of richards): tasks with priorities
import sys

# Work multiplier: 1 for the conformance suite, `bench_args` (sidecar) for `pyref-harness bench`.
SCALE = int(sys.argv[1]) if len(sys.argv) > 1 else 1
# exchange packets through a scheduler; classes, attribute updates, lists, dicts, strings.


class Packet:
    def __init__(self, dest, kind, data):
        self.dest = dest
        self.kind = kind
        self.data = data
        self.link = None


class Task:
    def __init__(self, ident, priority, sched):
        self.ident = ident
        self.priority = priority
        self.sched = sched
        self.queue = []
        self.count = 0

    def run(self, packet):
        raise NotImplementedError


class Worker(Task):
    def run(self, packet):
        self.count += 1
        if packet is None:
            return None
        packet.data = [(x * 31 + self.count) % 997 for x in packet.data]
        packet.dest = "handler" if packet.kind == "work" else "idle"
        return packet


class Handler(Task):
    def __init__(self, ident, priority, sched):
        super().__init__(ident, priority, sched)
        self.totals = {}

    def run(self, packet):
        self.count += 1
        if packet is None:
            return None
        key = f"k{packet.data[0] % 13}"
        self.totals[key] = self.totals.get(key, 0) + sum(packet.data)
        packet.dest = "idle"
        return packet


class Idle(Task):
    def run(self, packet):
        self.count += 1
        seed = self.count
        if packet is not None:
            seed += packet.data[-1]
        kind = "work" if seed % 3 else "device"
        return Packet("worker", kind, [seed, seed + 1, seed + 2, seed + 3])


class Scheduler:
    def __init__(self):
        self.tasks = {}
        self.steps = 0

    def add(self, task):
        self.tasks[task.ident] = task

    def run(self, steps):
        packet = None
        current = self.tasks["idle"]
        while self.steps < steps:
            self.steps += 1
            packet = current.run(packet)
            if packet is None:
                current = self.tasks["idle"]
            else:
                current = self.tasks[packet.dest]


sched = Scheduler()
sched.add(Idle("idle", 0, sched))
sched.add(Worker("worker", 1, sched))
handler = Handler("handler", 2, sched)
sched.add(handler)
sched.run(6000 * SCALE)
print(sorted(handler.totals.items())[:5])
print({name: t.count for name, t in sched.tasks.items()})
