"""initializer runs once in every new worker; maxtasksperchild retires workers."""
import os
from collections import Counter
from multiprocessing import Pool


def start_worker(greeting):
    print(f'worker {os.getpid()} starts: {greeting}')


def task(number):
    return os.getpid()


if __name__ == '__main__':
    with Pool(processes=2, initializer=start_worker, initargs=('ready',),
              maxtasksperchild=2) as pool:
        pids = pool.map(task, range(8), chunksize=1)
    for pid, count in Counter(pids).items():
        print(f'worker {pid} ran {count} of the 8 tasks')
