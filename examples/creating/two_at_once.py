"""Exercise: two "children" that run in the main process, one after the other; give each a process of its own."""
import os
import time
from multiprocessing import Process


def download(name):
    print(f'{name} starts in process {os.getpid()}')
    time.sleep(1)
    print(f'{name} is done')


if __name__ == '__main__':
    print('主进程', os.getpid())
    first = Process(target=download, args=('video',))
    second = Process(target=download, args=('music',))
    first.run()  # runs download() right here, in the main process
    second.run()
    print('主进程 is done')
