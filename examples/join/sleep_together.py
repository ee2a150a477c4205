"""Exercise: four sleepers started and joined one by one; make them sleep together."""
import time
from multiprocessing import Process

SLEEPS = {'qq': 1, 'tmall': 2, 'jd': 3, 'pxx': 4}


def sleeper(name, seconds):
    print(f'{name} goes to sleep for {seconds} s')
    time.sleep(seconds)
    print(f'{name} wakes up')


if __name__ == '__main__':
    start_time = time.time()
    for name, seconds in SLEEPS.items():
        p = Process(target=sleeper, args=(name, seconds))
        p.start()
        p.join()  # waits for this sleeper before the next one starts
    print(f'主进程 总耗时: {time.time() - start_time:.2f} s')
