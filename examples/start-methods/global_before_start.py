"""A global changed before start() reaches a fork child, not a spawn child."""
import multiprocessing
from multiprocessing import Process

greeting = 'set when the module is imported'


def task():
    print('子进程 sees:', greeting)


if __name__ == '__main__':
    greeting = 'changed in the __main__ block'
    print('start method:', multiprocessing.get_start_method())
    print('主进程 sees:', greeting)
    p = Process(target=task)
    p.start()
    p.join()
