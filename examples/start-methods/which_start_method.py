"""Print the start method in use and the ones this platform offers."""
import multiprocessing
import sys


def task():
    print('子进程 start method:', multiprocessing.get_start_method())


if __name__ == '__main__':
    print('Python', sys.version.split()[0], 'on', sys.platform)
    print('start method:', multiprocessing.get_start_method())
    print('available:', ', '.join(multiprocessing.get_all_start_methods()))
    p = multiprocessing.Process(target=task)
    p.start()
    p.join()
