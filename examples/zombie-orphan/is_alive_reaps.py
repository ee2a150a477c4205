"""Exercise: what does is_alive() do to a zombie?"""
import multiprocessing
import subprocess
import sys
import time
from multiprocessing import Process


def state(pid):
    """The process state as ps shows it, or 'no such process'."""
    shown = subprocess.run(['ps', '-o', 'stat=', '-p', str(pid)],
                           capture_output=True, text=True).stdout.strip()
    return shown[:1] or 'no such process'  # Z, S, R...: the first letter


if __name__ == '__main__':
    if sys.platform == 'win32':
        print('Windows keeps no zombies: there is nothing to reap.')
        sys.exit()
    p = Process(target=print, args=('子进程 exits at once',))
    p.start()
    deadline = time.monotonic() + 30
    while state(p.pid) not in ('Z', 'no such process'):  # still running
        if time.monotonic() > deadline:
            break
        time.sleep(0.1)
    print('before is_alive():', state(p.pid))
    print('is_alive():', p.is_alive())
    print('after is_alive():', state(p.pid))
    print('start method:', multiprocessing.get_start_method())
