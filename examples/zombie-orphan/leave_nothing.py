"""Exercise: a main process that leaves a zombie while it works and an orphan when it quits."""
import os
import time
from multiprocessing import Process


def quick():
    print('quick child is done')


def slow():
    time.sleep(3.5)
    print('slow child is done')


if __name__ == '__main__':
    quick_child, slow_child = Process(target=quick), Process(target=slow)
    quick_child.start()
    slow_child.start()
    time.sleep(2)  # other work: meanwhile the quick child has ended
    print('主进程 quits')
    # Quitting at once, as a crashed process does: multiprocessing's exit
    # hook, which would join the children, does not run.
    os._exit(0)
