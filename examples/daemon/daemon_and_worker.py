"""Exercise: a daemon and an ordinary child; which end lines are printed?"""
from multiprocessing import Process
import time


def task(process_name, seconds):
    time.sleep(seconds)
    print(f'{process_name} is over after {seconds} s')


if __name__ == '__main__':
    daemon = Process(target=task, args=('daemon', 2), daemon=True)
    worker = Process(target=task, args=('worker', 3))
    daemon.start()
    worker.start()
    print('主进程 code ends')
