"""Solution: parent_process() names the process that started us, fork server or not."""
import os
from multiprocessing import Process, current_process, parent_process


def whoami():
    me, parent = current_process(), parent_process()
    print(f'{me.name}: pid {os.getpid()}, my parent is {parent.name} {parent.pid}')


if __name__ == '__main__':
    print('主进程: pid', os.getpid())
    child = Process(target=whoami, name='helper')
    child.start()
    child.join()
