"""A Semaphore(2) lets at most two of five downloads run at the same time."""
import time
from multiprocessing import Process, Semaphore


def download(name, slots):
    with slots:  # acquire(): waits while two others are inside
        print(f'{name} starts')
        time.sleep(0.5)  # stands for a download
        print(f'{name} ends')
    # release(): one of the waiting workers may go in


if __name__ == '__main__':
    slots = Semaphore(2)
    start = time.monotonic()
    workers = [Process(target=download, args=(f'download {n}', slots))
               for n in range(1, 6)]
    for p in workers:
        p.start()
    for p in workers:
        p.join()
    took = time.monotonic() - start
    print(f'主进程: five downloads of 0.5 s took {took:.1f} s')
