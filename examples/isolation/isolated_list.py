"""Exercise: a child appends to a global list; what does each process print?"""
from multiprocessing import Process

visitors = []


def task():
    visitors.append('child')
    print('子进程 visitors:', visitors)


if __name__ == '__main__':
    p = Process(target=task)
    p.start()
    p.join()
    visitors.append('main')
    print('主进程 visitors:', visitors)
