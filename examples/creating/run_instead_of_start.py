"""Exercise: what changes when the script calls p.run() instead of p.start()?"""
import os
import time
from multiprocessing import Process


def task(process_name):
    print(f'the subprocess {process_name} is running in process {os.getpid()}')
    time.sleep(1)
    print(f'the subprocess {process_name} is over')


if __name__ == '__main__':
    p = Process(target=task, args=('meta',))
    p.run()  # not start(): no new process is created
    print('主进程', os.getpid())
