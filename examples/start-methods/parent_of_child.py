"""os.getppid() versus parent_process(): who is the child's parent?"""
import multiprocessing
import os
from multiprocessing import Process, parent_process


def task():
    print('子进程 os.getppid():', os.getppid())
    print('子进程 parent_process().pid:', parent_process().pid)


if __name__ == '__main__':
    print('start method:', multiprocessing.get_start_method())
    print('主进程 os.getpid():', os.getpid())
    p = Process(target=task)
    p.start()
    p.join()
