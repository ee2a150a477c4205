"""Solution: join each child when it is done, and before quitting."""
import os
import time
from multiprocessing import Process


def quick():
    print('quick child is done')


def slow():
    time.sleep(4.5)
    print('slow child is done')


if __name__ == '__main__':
    quick_child, slow_child = Process(target=quick), Process(target=slow)
    quick_child.start()
    slow_child.start()
    quick_child.join()  # reaped as soon as it ends: no zombie while we work
    time.sleep(2)  # other work
    slow_child.join()  # it ends before we do: no orphan
    print('主进程 quits')
    os._exit(0)  # nothing is left for an exit hook to do
