"""Does the CPU-bound example change what runs beside it, or the reverse?

    python3 docs/bench.py --beside [ROUNDS]

The build runs the exclusive, CPU-bound examples (examples.toml) beside
the others, which mostly sleep and time their sleeps. This captures, in
each round and under every start method, the exclusive examples alone, the
timed sleepers alone, and both at once, and prints for each arrangement
how many claims failed (all of them, the process record's included), the
speed-up cpu_speedup.py printed, and the totals the sleepers printed.
"""
from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from . import capture, claims, config, examples
from .bench_recorder import TIMED
from .run import recorder

SPEEDUP = "pool/cpu_speedup.py"


def one_capture(names: set[str]) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        began = time.monotonic()
        ran, _ = capture.capture(Path(folder), config.METHODS, log=lambda *_: None,
                                 only=names)
        wall = time.monotonic() - began
    failed, speedups, totals = [], [], {name: [] for name in TIMED}
    for result in ran:
        name = " ".join([result.script, *result.args])
        failed += [f"{name} ({result.start_method}): {problem.splitlines()[0]}"
                   for problem in claims.check(name, result)]
        if name == SPEEDUP:
            speedups.append(claims.seconds_after(result, "speed-up:"))
        if name in TIMED:
            totals[name].append(claims.seconds_after(result, TIMED[name]))
    return {"wall": wall, "failed": failed, "speedups": speedups, "totals": totals}


def main(rounds: int = 3) -> int:
    recorder.ready()
    busy = {example.name for example in examples.examples() if example.exclusive}
    arrangements = {"exclusive alone": busy, "sleepers alone": set(TIMED),
                    "both at once": busy | set(TIMED)}
    seen = {arrangement: [] for arrangement in arrangements}
    for number in range(1, rounds + 1):
        for arrangement, names in arrangements.items():
            seen[arrangement].append(one_capture(names))
            last = seen[arrangement][-1]
            print(f"round {number} {arrangement:16} {last['wall']:6.2f} s, "
                  f"claims failed: {len(last['failed'])}", flush=True)
            for failure in last["failed"]:
                print(f"    {failure}")
    for arrangement, runs in seen.items():
        print(f"{arrangement} ({rounds} rounds): claims failed "
              f"{sum(len(r['failed']) for r in runs)}")
        speedups = [s for r in runs for s in r["speedups"]]
        if speedups:
            print(f"    {SPEEDUP:28} speed-up: median {statistics.median(speedups):5.2f}, "
                  f"min {min(speedups):5.2f} ({len(speedups)} runs)")
        for name in TIMED:
            values = [v for r in runs for v in r["totals"][name]]
            if values:
                print(f"    {name:28} printed total: median "
                      f"{statistics.median(values):6.2f} s, max {max(values):6.2f} s "
                      f"({len(values)} runs)")
    failed = sum(len(r["failed"]) for runs in seen.values() for r in runs)
    return 1 if failed else 0
