"""os.getpid() is a process's own id, os.getppid() its parent's."""
from multiprocessing import Process
import os
import time


class MyProcess(Process):
    def __init__(self, process_name):
        super().__init__()
        self.process_name = process_name

    def run(self):
        print('the subprocess %s is running' % self.process_name)
        print('子进程 os.getpid():', os.getpid())
        print('子进程 os.getppid():', os.getppid())
        time.sleep(3)
        print('the subprocess %s is over' % self.process_name)


if __name__ == '__main__':
    p = MyProcess('mi_chat')
    p.start()
    print('主进程')
    print('主进程 os.getpid():', os.getpid())
