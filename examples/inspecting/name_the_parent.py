"""Exercise: the child names its parent by os.getppid(); make it name the main process under every start method."""
import os
from multiprocessing import Process, current_process


def whoami():
    me = current_process()
    print(f'{me.name}: pid {os.getpid()}, my parent is {os.getppid()}')


if __name__ == '__main__':
    print('主进程: pid', os.getpid())
    child = Process(target=whoami, name='helper')
    child.start()
    child.join()
