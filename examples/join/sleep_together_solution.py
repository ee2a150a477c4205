"""Solution: start every sleeper first, then join them all."""
import time
from multiprocessing import Process

SLEEPS = {'qq': 1, 'tmall': 2, 'jd': 3, 'pxx': 4}


def sleeper(name, seconds):
    print(f'{name} goes to sleep for {seconds} s')
    time.sleep(seconds)
    print(f'{name} wakes up')


if __name__ == '__main__':
    start_time = time.time()
    sleepers = [Process(target=sleeper, args=(name, seconds))
                for name, seconds in SLEEPS.items()]
    for p in sleepers:
        p.start()  # all four are sleeping before we wait for any
    for p in sleepers:
        p.join()
    print(f'主进程 总耗时: {time.time() - start_time:.2f} s')
