"""Solution: start() makes a new process for each child; join() waits for both."""
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
    first.start()  # a new process runs download()
    second.start()
    first.join()  # the main process waits for both before it is done
    second.join()
    print('主进程 is done')
