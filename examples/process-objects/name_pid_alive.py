"""A Process object's name, pid, is_alive() and exitcode around its run."""
import time
from multiprocessing import Process, current_process


def task():
    print('子进程 current_process().name:', current_process().name)
    time.sleep(1.5)


def show(when, p):
    print(f'{when}: pid={p.pid} is_alive()={p.is_alive()} exitcode={p.exitcode}')


if __name__ == '__main__':
    print('主进程 current_process().name:', current_process().name)
    print('an unnamed Process is called', Process(target=task).name)
    p = Process(target=task, name='worker')
    show('before start()', p)
    p.start()
    show('after start()', p)
    p.join()
    show('after join()', p)
