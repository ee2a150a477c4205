"""Solution: one sentinel (None) per consumer; each stops when it gets one."""
import time
from multiprocessing import Process, Queue


def producer(queue, count):
    for number in range(1, count + 1):
        time.sleep(0.1)
        queue.put(number)


def consumer(name, queue):
    while True:
        number = queue.get()
        if number is None:  # the poison pill: no more items will come
            break
        time.sleep(0.3)
        print(f'{name} consumed item {number}')


if __name__ == '__main__':
    queue = Queue()
    making = Process(target=producer, args=(queue, 6))
    eaters = [Process(target=consumer, args=(name, queue), name=name)
              for name in ('consumer A', 'consumer B')]
    for p in [making, *eaters]:
        p.start()
    making.join()  # every item is on the queue: the pills come after them
    for p in eaters:
        queue.put(None)
    for p in eaters:
        p.join()
        print(p.name, 'exit code', p.exitcode)
