"""A daemon works while the main process works, and is killed when it ends."""
from multiprocessing import Process
import time


def watch(process_name):
    for n in range(1, 11):
        print(f'子进程:{process_name} is watching ({n})')
        time.sleep(0.5)
    print(f'子进程:{process_name}结束运行')


if __name__ == '__main__':
    p = Process(target=watch, args=('qq_zone',), daemon=True)
    p.start()
    # The main process's own work; it ends between two of the daemon's lines.
    time.sleep(2.25)
    print('process qq is over')
