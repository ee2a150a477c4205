"""A child whose parent dies is adopted by another process."""
import os
import sys
import time
from multiprocessing import Event, Process, parent_process


def task(started):
    parent = parent_process()
    first = os.getppid()
    print('子进程', os.getpid(), 'parent:', parent.pid, 'os.getppid():', first)
    started.set()
    parent.join()  # returns once the parent process has died
    deadline = time.monotonic() + 2
    while os.getppid() == first and time.monotonic() < deadline:
        time.sleep(0.01)  # the OS re-parents a moment after the death
    print('子进程', os.getpid(), 'os.getppid() is now:', os.getppid())


if __name__ == '__main__':
    if sys.platform == 'win32':
        print('Windows does not re-parent orphans: os.getppid() keeps '
              'returning the id of the parent that died.')
        sys.exit()
    started = Event()
    p = Process(target=task, args=(started,))
    p.start()
    started.wait()  # let the child note its parent first
    time.sleep(1)
    # flush: os._exit() drops whatever is still in the stdout buffer.
    print('主进程', os.getpid(), 'dies without waiting for its child', flush=True)
    # os._exit() skips the exit hook that would join the child, as a crash
    # would.
    os._exit(0)
