"""The intermediate process of one run on Linux (containment.py says why).

    python3 -S -E -s shim.py CONTROL STATUS -- python3 examples/x.py

It makes itself the run's child subreaper, starts the example as its only
child (in a session of its own, with exactly the argv given),
reports the main process's pid and exit status on the STATUS pipe, and reaps
whatever is re-parented to it. When the runner's end of the CONTROL pipe
closes, for any reason (the runner SIGKILLed too), it kills everything
below it and exits. It prints nothing. It runs without site-packages and
imports only processes.py, its neighbour: one start-up costs little.
"""
import os
import select
import signal
import sys
import time

import processes

# An orphan adopted by this shim is reaped only after this many seconds, as
# a slow init would: so recorder.py, which looks every few milliseconds,
# sees it exit under its new parent however short its life after adoption.
ORPHAN_ZOMBIE_KEEP = 0.5
_zombie_since: dict[int, float] = {}
_reported = []  # the main process's exit, once reported


def shim(control: int, status: int, argv: list[str]) -> None:
    processes.become_subreaper()
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    stopping = []
    for name in ("SIGTERM", "SIGINT", "SIGHUP"):
        signal.signal(getattr(signal, name), lambda *_: stopping.append(1))
    main = os.fork()
    if main == 0:
        try:
            # The example leads a session (and process group) of its own,
            # as when the runner starts it directly: recorder.py tells a
            # run's processes by their session.
            os.setsid()
            for fd in (control, status, wake_read, wake_write):
                os.close(fd)
            os.execvp(argv[0], argv)
        except BaseException as error:
            os.write(2, f"cannot run {argv[0]}: {error}\n".encode())
        os._exit(127)
    os.write(status, f"main {main}\n".encode())
    # Hold neither the example's terminal nor its stdin: the runner reads
    # until the last holder of the terminal closes it.
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    while not stopping:
        # Woken by SIGCHLD, the runner, or in time to reap a kept zombie.
        ready = select.select([control, wake_read], [], [],
                              ORPHAN_ZOMBIE_KEEP if _zombie_since else None)[0]
        if wake_read in ready:
            os.read(wake_read, 4096)
        reap(main, status)
        if control in ready and not os.read(control, 4096):
            break  # the runner is done with this run, or died
    me = os.getpid()
    processes.end_all(lambda: processes.below(me, processes.table()),
                      between=lambda: reap(main, status, everything=True))
    os._exit(0)


def reap(main: int, status: int, everything: bool = False) -> None:
    """Report the main process's exit, and reap every other exited child.

    The main process itself is left a zombie until the run ends (unless
    ``everything``), as it would be if the runner had started it itself:
    recorder.py sees it exit and be reaped when the run is over.
    """
    if not _reported:
        try:
            info = os.waitid(os.P_PID, main, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:
            info = None
        if info is not None:
            code = (info.si_status if info.si_code == os.CLD_EXITED
                    else -info.si_status)
            os.write(status, f"exit {main} {code}\n".encode())
            _reported.append(code)
    me, now = os.getpid(), time.monotonic()
    for pid, entry in processes.table().items():
        if entry.ppid == me and entry.zombie and (everything or pid != main):
            if not everything and now - _zombie_since.setdefault(pid, now) < ORPHAN_ZOMBIE_KEEP:
                continue
            _zombie_since.pop(pid, None)
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass


if __name__ == "__main__":
    shim(int(sys.argv[1]), int(sys.argv[2]), sys.argv[4:])
