"""Create a process from a function: Process(target=..., args=...)."""
from multiprocessing import Process
import time


def task(process_name):
    print('the subprocess %s is running' % process_name)
    time.sleep(3)
    print('the subprocess %s is over' % process_name)


if __name__ == '__main__':
    p = Process(target=task, args=('meta',))  # create a process object
    p.start()  # ask the operating system for a new process
    print('主进程')
