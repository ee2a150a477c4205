"""A daemon child is terminated as soon as the main process's code ends."""
from multiprocessing import Process
import time


def task(process_name):
    print(f'子进程:{process_name}运行')
    time.sleep(2)
    print(f'子进程:{process_name}结束运行')


if __name__ == '__main__':
    p = Process(target=task, args=('qq_zone',))
    p.daemon = True  # must be set before start()
    p.start()
    print('process qq is over')
