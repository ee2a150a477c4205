"""A child that has exited stays a zombie until its parent joins it."""
import os
import subprocess
import sys
import time
from multiprocessing import Process


def state(pid):
    """The process's state as the OS reports it, or None once it is gone."""
    if os.path.exists('/proc'):  # Linux
        try:
            with open(f'/proc/{pid}/status') as status:
                return next(line.split(':', 1)[1].strip()
                            for line in status if line.startswith('State:'))
        except FileNotFoundError:
            return None
    ps = subprocess.run(['ps', '-o', 'stat=', '-p', str(pid)],  # macOS
                        capture_output=True, text=True)
    return ps.stdout.strip() or None


def task():
    print('子进程', os.getpid(), 'is over')


if __name__ == '__main__':
    if sys.platform == 'win32':
        print('Windows keeps no zombie processes: nothing to show here.')
        sys.exit()
    p = Process(target=task)
    p.start()
    # Poll the OS directly: p.is_alive() would reap the child itself. Under
    # forkserver the fork server reaps it at once: the state is then None.
    deadline = time.monotonic() + 20
    while not (state(p.pid) or 'Z').startswith('Z'):
        if time.monotonic() > deadline:
            sys.exit(f'child {p.pid} did not exit in time')
        time.sleep(0.05)
    time.sleep(2)  # the parent is busy elsewhere: the zombie stays
    print('before join():', p.pid, state(p.pid) or 'no such process')
    p.join()
    print('after join():', p.pid, state(p.pid) or 'no such process')
