"""Exercise: pool workers get the main process's lock through initializer."""
import time
from multiprocessing import Lock, Pool

lock = None  # set in each worker by share_lock()


def share_lock(the_lock):
    global lock
    lock = the_lock


def task(number):
    with lock:
        print(f'task {number} enters')
        time.sleep(0.3)
        print(f'task {number} leaves')


if __name__ == '__main__':
    start = time.monotonic()
    with Pool(2, initializer=share_lock, initargs=(Lock(),)) as pool:
        pool.map(task, [1, 2, 3, 4], chunksize=1)
    print(f'total: {time.monotonic() - start:.2f} s')
