"""Into a pipe, output arrives when a process exits, unless it flushes."""
import os
import subprocess
import sys
import time
from multiprocessing import Process


def task(name, seconds, flush):
    print(f'{name} is running', flush=flush)
    time.sleep(seconds)
    print(f'{name} is over', flush=flush)


def worker(flush):
    children = [Process(target=task, args=(name, seconds, flush))
                for name, seconds in (('qq', 1), ('jd', 2))]
    for p in children:
        p.start()
    for p in children:
        p.join()


def read_through_pipe(*options):
    """Run this file as a worker writing into a pipe; time each line."""
    env = {**os.environ, 'PYTHONUNBUFFERED': ''}  # buffer, as is the default
    start = time.monotonic()
    with subprocess.Popen([sys.executable, __file__, '--worker', *options],
                          stdout=subprocess.PIPE, text=True, env=env) as pipe:
        for line in pipe.stdout:
            print(f'  arrived at {time.monotonic() - start:.1f} s: {line}',
                  end='')


if __name__ == '__main__':
    if '--worker' in sys.argv:
        worker(flush='--flush' in sys.argv)
    else:
        print('print() into a pipe:')
        read_through_pipe()
        print('print(..., flush=True) into a pipe:')
        read_through_pipe('--flush')
