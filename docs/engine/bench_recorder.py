"""What recording the processes costs: every example with and without it.

    python3 docs/bench.py --recorder [ROUNDS]

Captures every example under every start method into a fresh folder, in
rounds that alternate recording on and off (on a shared machine the load
drifts; alternating spreads the drift over both), and prints per mode the
capture's wall time, the sum of the examples' own times, the times the
timing claims are about, and how many output claims failed. With recording
off no timeline claim can hold, so those are not counted.
"""
from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from . import capture, claims, config
from .run import recorder

TIMED = {  # run name -> the printed total the timing claims check
    "join/join_parallel.py": "总耗时:", "join/join_serial.py": "总耗时:",
    "mutex/buy_tickets.py": "总耗时:",
}


def one_round(record: bool) -> dict:
    saved = recorder.psutil
    if not record:
        recorder.psutil = None  # start() and stop() record nothing
    try:
        with tempfile.TemporaryDirectory() as folder:
            began = time.monotonic()
            ran, _ = capture.capture(Path(folder), config.METHODS,
                                     log=lambda *_: None)
            wall = time.monotonic() - began
    finally:
        recorder.psutil = saved
    failed = 0
    totals = {name: [] for name in TIMED}
    for result in ran:
        name = " ".join([result.script, *result.args])
        # Without a record only the claims on the output can hold.
        failed += len(claims.check(name, result, only=lambda c: not c.record))
        if name in TIMED:
            totals[name].append(claims.seconds_after(result, TIMED[name]))
    return {"wall": wall, "sum": sum(r.wall_time for r in ran), "failed": failed,
            "totals": totals}


def main(rounds: int = 3) -> int:
    recorder.ready()  # its start-up is paid once per build, not per round
    seen = {True: [], False: []}
    for _ in range(rounds):
        for record in (True, False):
            seen[record].append(one_round(record))
            last = seen[record][-1]
            print(f"  recording {'on ' if record else 'off'}: capture "
                  f"{last['wall']:6.2f} s, examples' own times {last['sum']:7.2f} s, "
                  f"output claims failed {last['failed']}", flush=True)
    print(f"sampler: {recorder.stats()}")
    for record in (True, False):
        runs = seen[record]
        print(f"recording {'on ' if record else 'off'} ({rounds} rounds): "
              f"capture median {statistics.median(r['wall'] for r in runs):6.2f} s, "
              f"examples' own times median "
              f"{statistics.median(r['sum'] for r in runs):7.2f} s, "
              f"output claims failed {sum(r['failed'] for r in runs)}")
        for name in TIMED:
            values = [v for r in runs for v in r["totals"][name]]
            print(f"    {name:24} printed total: median {statistics.median(values):6.2f} s, "
                  f"max {max(values):6.2f} s ({len(values)} runs)")
    on, off = (statistics.median(r["wall"] for r in seen[m]) for m in (True, False))
    print(f"capture with recording / without: {on / off:.3f}")
    return 0

