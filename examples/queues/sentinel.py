"""Consumers stop cleanly when they take a sentinel (None) from the queue."""
import time
from multiprocessing import Process, Queue

STOP = None  # the sentinel: an object no real item can be


def consumer(name, queue):
    for number in iter(queue.get, STOP):  # get() until it returns STOP
        time.sleep(0.3)  # handling an item
        print(f'{name} consumed item {number}')
    print(f'{name} got the sentinel and stops')


if __name__ == '__main__':
    queue = Queue()
    eaters = [Process(target=consumer, args=(name, queue))
              for name in ('consumer A', 'consumer B')]
    for p in eaters:
        p.start()
    for number in range(1, 7):
        queue.put(number)
    for _ in eaters:
        queue.put(STOP)  # one sentinel for each consumer, after the last item
    for p in eaters:
        p.join()  # they end by themselves: no daemon, no terminate()
    print('主进程: exit codes', [p.exitcode for p in eaters])
