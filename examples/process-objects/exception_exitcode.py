"""Exercise: a child raises an exception; what is its exitcode?"""
from multiprocessing import Process


def task():
    raise ValueError('something went wrong in the child')


if __name__ == '__main__':
    p = Process(target=task)
    p.start()
    p.join()
    print('主进程 is still running; exitcode:', p.exitcode)
