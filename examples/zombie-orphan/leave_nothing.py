"""Exercise: a main process that leaves a zombie while it works and an orphan when it quits."""
import os
import time
from multiprocessing import Process
from multiprocessing.connection import wait


def quick():
    print('quick child is done')


def slow():
    time.sleep(4.5)
    print('slow child is done')


if __name__ == '__main__':
    quick_child, slow_child = Process(target=quick), Process(target=slow)
    quick_child.start()
    slow_child.start()
    time.sleep(2)  # other work: meanwhile the quick child has ended
    # (on a busy machine it may need longer: wait for its end, which
    # leaves it unreaped, as a zombie)
    wait([quick_child.sentinel])
    print('主进程 quits')
    # Quitting at once, as a crashed process does: multiprocessing's exit
    # hook, which would join the children, does not run.
    os._exit(0)
